// HTTP/2 framing (RFC 9113 section 4): the frame header, the frame types and flags this client uses,
// and a parser that reads frames out of socket reads that land in one reused buffer.
//
// Why a parser of our own: the direct result stream (direct-stream.ts) reads its socket into a single
// reused buffer, so nothing here may keep a view of a read after it returns. DATA content is handed
// on piece by piece as it arrives (its consumer copies it into the message it belongs to), and only
// the small frames (headers, settings, pings) and cut frame headers are copied.

export const enum FrameType {
  Data = 0x0,
  Headers = 0x1,
  Priority = 0x2,
  RstStream = 0x3,
  Settings = 0x4,
  PushPromise = 0x5,
  Ping = 0x6,
  GoAway = 0x7,
  WindowUpdate = 0x8,
  Continuation = 0x9,
}

export const Flag = {
  endStream: 0x1,
  ack: 0x1,
  endHeaders: 0x4,
  padded: 0x8,
  priority: 0x20,
} as const;

export const Setting = {
  headerTableSize: 0x1,
  enablePush: 0x2,
  maxConcurrentStreams: 0x3,
  initialWindowSize: 0x4,
  maxFrameSize: 0x5,
  maxHeaderListSize: 0x6,
} as const;

/** HTTP/2 error codes (RFC 9113 section 7) that this client sends or names. */
export const ErrorCode = {
  noError: 0x0,
  protocolError: 0x1,
  internalError: 0x2,
  flowControlError: 0x3,
  settingsTimeout: 0x4,
  streamClosed: 0x5,
  frameSizeError: 0x6,
  refusedStream: 0x7,
  cancel: 0x8,
  compressionError: 0x9,
  connectError: 0xa,
  enhanceYourCalm: 0xb,
  inadequateSecurity: 0xc,
  http11Required: 0xd,
} as const;

export const CLIENT_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
export const FRAME_HEADER_BYTES = 9;
/** The largest frame a peer must accept before it says otherwise (SETTINGS_MAX_FRAME_SIZE). */
export const DEFAULT_MAX_FRAME_BYTES = 16_384;
/** The initial flow-control window of a connection and of each stream, until SETTINGS change it. */
export const DEFAULT_WINDOW_BYTES = 65_535;
export const MAX_WINDOW_BYTES = 2 ** 31 - 1;
/** Stream ids are 31 bits; the frame header's top bit is reserved. */
export const MAX_STREAM_ID = 2 ** 31 - 1;

/** A violation of HTTP/2 by the peer: the connection ends with `code` (a GOAWAY carries it). */
export class H2ProtocolError extends Error {
  constructor(message: string, readonly code: number = ErrorCode.protocolError) {
    super(message);
  }
}

export function encodeFrame(type: FrameType, flags: number, stream: number, payload: Uint8Array = EMPTY): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUIntBE(payload.length, 0, 3);
  frame[3] = type;
  frame[4] = flags;
  frame.writeUInt32BE(stream & MAX_STREAM_ID, 5);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

export function uint32Payload(value: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value >>> 0, 0);
  return b;
}

export function settingsPayload(settings: ReadonlyArray<readonly [number, number]>): Buffer {
  const b = Buffer.allocUnsafe(6 * settings.length);
  settings.forEach(([id, value], i) => {
    b.writeUInt16BE(id, 6 * i);
    b.writeUInt32BE(value >>> 0, 6 * i + 2);
  });
  return b;
}

const EMPTY = new Uint8Array(0);

export interface FrameHandler {
  /**
   * A DATA frame of `flowBytes` (its whole payload, padding included: what flow control counts) starts,
   * before any of its content is handed on; throwing here rejects the frame.
   */
  dataBegin?(stream: number, flowBytes: number): void;
  /** A piece of a DATA frame's content, padding left out. Valid only during the call: copy what you keep. */
  data(stream: number, bytes: Buffer): void;
  /**
   * A DATA frame is complete. `flowBytes` is its whole payload length, padding included, which is what
   * flow control counts.
   */
  dataEnd(stream: number, flowBytes: number, endStream: boolean): void;
  /** Any other frame, whole. The payload is the handler's to keep. */
  frame(type: number, flags: number, stream: number, payload: Buffer): void;
}

const enum Part { Header, PadLength, Content, Padding, Payload }

/**
 * Reads frames out of a byte stream. `push` may be given views of a buffer that the next read
 * overwrites: nothing is kept past the call except copies.
 */
export class FrameParser {
  private part = Part.Header;
  private readonly header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  private headerFilled = 0;
  private length = 0;
  private type = 0;
  private flags = 0;
  private stream = 0;
  /** DATA: content bytes still to come, then padding bytes to skip. */
  private contentLeft = 0;
  private paddingLeft = 0;
  /** Other frames: the payload being gathered. */
  private payload = Buffer.alloc(0);
  private payloadFilled = 0;

  constructor(private readonly handler: FrameHandler, private maxFrameBytes: number) {}

  /** What we advertised as SETTINGS_MAX_FRAME_SIZE; larger frames are a FRAME_SIZE_ERROR. */
  setMaxFrameBytes(bytes: number): void {
    this.maxFrameBytes = bytes;
  }

  push(chunk: Buffer): void {
    let at = 0;
    const end = chunk.length;
    while (at < end) {
      switch (this.part) {
        case Part.Header: {
          if (this.headerFilled === 0 && end - at >= FRAME_HEADER_BYTES) {
            this.readHeader(chunk, at);
            at += FRAME_HEADER_BYTES;
          } else {
            const n = Math.min(end - at, FRAME_HEADER_BYTES - this.headerFilled);
            chunk.copy(this.header, this.headerFilled, at, at + n);
            this.headerFilled += n;
            at += n;
            if (this.headerFilled < FRAME_HEADER_BYTES) break;
            this.headerFilled = 0;
            this.readHeader(this.header, 0);
          }
          this.startPayload();
          break;
        }
        case Part.PadLength: {
          const pad = chunk[at]!;
          at += 1;
          if (pad >= this.length) throw new H2ProtocolError('DATA frame padding is longer than the frame');
          this.contentLeft = this.length - 1 - pad;
          this.paddingLeft = pad;
          this.afterPadLength();
          break;
        }
        case Part.Content: {
          const n = Math.min(end - at, this.contentLeft);
          this.handler.data(this.stream, chunk.subarray(at, at + n));
          at += n;
          this.contentLeft -= n;
          if (this.contentLeft === 0) this.afterContent();
          break;
        }
        case Part.Padding: {
          const n = Math.min(end - at, this.paddingLeft);
          at += n;
          this.paddingLeft -= n;
          if (this.paddingLeft === 0) this.endData();
          break;
        }
        case Part.Payload: {
          const n = Math.min(end - at, this.length - this.payloadFilled);
          chunk.copy(this.payload, this.payloadFilled, at, at + n);
          this.payloadFilled += n;
          at += n;
          if (this.payloadFilled === this.length) this.endOther();
          break;
        }
      }
    }
  }

  private readHeader(b: Buffer, at: number): void {
    this.length = b.readUIntBE(at, 3);
    this.type = b[at + 3]!;
    this.flags = b[at + 4]!;
    this.stream = b.readUInt32BE(at + 5) & MAX_STREAM_ID;
    if (this.length > this.maxFrameBytes) {
      throw new H2ProtocolError(`frame of ${this.length} bytes is larger than the ${this.maxFrameBytes} allowed`, ErrorCode.frameSizeError);
    }
  }

  private startPayload(): void {
    if (this.type === FrameType.Data) {
      if (this.stream === 0) throw new H2ProtocolError('DATA frame on stream 0');
      this.handler.dataBegin?.(this.stream, this.length);
      if (this.flags & Flag.padded) {
        if (this.length === 0) throw new H2ProtocolError('padded DATA frame without a pad length');
        this.part = Part.PadLength;
        return;
      }
      this.contentLeft = this.length;
      this.paddingLeft = 0;
      this.afterPadLength();
      return;
    }
    this.payload = Buffer.allocUnsafe(this.length);
    this.payloadFilled = 0;
    if (this.length === 0) this.endOther();
    else this.part = Part.Payload;
  }

  private afterPadLength(): void {
    if (this.contentLeft > 0) this.part = Part.Content;
    else this.afterContent();
  }

  private afterContent(): void {
    if (this.paddingLeft > 0) this.part = Part.Padding;
    else this.endData();
  }

  private endData(): void {
    this.part = Part.Header;
    this.handler.dataEnd(this.stream, this.length, (this.flags & Flag.endStream) !== 0);
  }

  private endOther(): void {
    this.part = Part.Header;
    const payload = this.payload;
    this.payload = Buffer.alloc(0);
    this.handler.frame(this.type, this.flags, this.stream, payload);
  }
}
