// One HTTP/2 connection (RFC 9113), plaintext with prior knowledge or TLS with ALPN "h2", as gRPC
// uses them, that owns its socket's reads: they land in one reused buffer (the `onread` option of
// net.connect and tls.connect), so receiving a large result makes no garbage per read. Node's own HTTP/2 session reads every chunk into a new ArrayBuffer, and
// for a 10^7-row result those ~750 MB of short-lived buffers are what keep V8's full collections
// going (bench/README.md, "A reader that owns its socket"). Only the client side of what gRPC needs is
// here: requests with a small body, responses streamed, flow control, SETTINGS, PING, GOAWAY and
// RST_STREAM. No server push (disabled in our SETTINGS), no priorities.
import { connect, isIP, type OnReadOpts, type Socket } from 'node:net';
import { checkServerIdentity, connect as connectTls, type ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { KeepaliveOptions } from '../connection-string';
import type { Logger } from '../logger';
import {
  CLIENT_PREFACE, DEFAULT_MAX_FRAME_BYTES, DEFAULT_WINDOW_BYTES, ErrorCode, Flag, FrameParser, FrameType, H2ProtocolError,
  MAX_STREAM_ID, MAX_WINDOW_BYTES, Setting, encodeFrame, settingsPayload, uint32Payload, type FrameHandler,
} from './frames';
import { HeaderListSizeError, HpackDecoder, encodeHeaderBlock } from './hpack';

/** TLS for the connection; the server's certificate is verified (system roots unless `ca`). */
export interface H2TlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /**
   * The name the certificate is verified against (default: the host). It is sent for SNI only when it
   * is a host name: SNI carries no addresses, and Node warns (DEP0123) when given one.
   */
  verifyName?: string;
}

export interface H2ConnectionConfig {
  host: string;
  port: number;
  /** Speak TLS (ALPN "h2") instead of plaintext. */
  tls?: H2TlsOptions;
  /** Receive window of the connection and of each stream. */
  windowBytes: number;
  /** Largest frame the server may send us (SETTINGS_MAX_FRAME_SIZE). */
  maxFrameBytes: number;
  /** How long the TCP connection may take before the connection fails. */
  connectTimeoutMs: number;
  /** Pings while streams are open; an unanswered one ends the connection. */
  keepalive: KeepaliveOptions;
  logger: Logger;
  /** Size of the one buffer every socket read lands in. */
  readBufferBytes?: number;
}

export type HeaderFields = Array<[string, string]>;

/** Why a stream ended without the server finishing it. */
export type StreamFailure =
  /** The server reset the stream (RST_STREAM) with this HTTP/2 error code. */
  | { kind: 'reset'; code: number }
  /** The server broke HTTP/2 on this stream; we reset it with this code (RFC 9113 stream error). */
  | { kind: 'protocol'; code: number; reason: string }
  /** The server will not process the stream (GOAWAY below its id, or REFUSED_STREAM): safe to retry. */
  | { kind: 'refused'; reason: string }
  /** The connection ended. `calm` when the server closed it over our keepalive pings. */
  | { kind: 'connection'; reason: string; calm: boolean };

export interface StreamEvents {
  /** Response headers, then trailers (the trailers carry endStream). */
  headers(fields: HeaderFields, endStream: boolean): void;
  /** Response body bytes. Valid only during the call: copy what you keep. */
  data(bytes: Buffer): void;
  /** The server ended the stream with DATA (no trailers). */
  end(): void;
  failed(failure: StreamFailure): void;
}

const enum StreamState { Open, Closed }

/** A request/response exchange on the connection. */
export class H2Stream {
  state = StreamState.Open;
  /** Our side: request body bytes still to send, and the window the server granted this stream. */
  pending: Buffer;
  sendWindow: number;
  /** Their side: bytes received that no WINDOW_UPDATE has given back yet, and what the server may still send. */
  unacknowledged = 0;
  recvWindow: number;
  paused = false;
  /** Whether the response headers (the first HEADERS) came. */
  sawHeaders = false;

  constructor(readonly id: number, readonly events: StreamEvents, body: Buffer, sendWindow: number, recvWindow: number, private readonly connection: H2Connection) {
    this.pending = body;
    this.sendWindow = sendWindow;
    this.recvWindow = recvWindow;
  }

  /** Stop granting the server window for this stream (the reader is behind); it stops after one window. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.connection.grant(this);
  }

  /** Ends the stream from our side (RST_STREAM CANCEL). No events follow. */
  cancel(): void {
    this.connection.cancel(this);
  }
}

const PING_PAYLOAD_BYTES = 8;
/**
 * The largest header list one response may decode to (names + values + 32 per field, RFC 9113 section
 * 6.5.2), advertised as SETTINGS_MAX_HEADER_LIST_SIZE. gRPC servers keep metadata to kilobytes (Spark
 * truncates error messages in trailers to 1 KiB by default; Node's HTTP/2 session, under grpc-js,
 * allows 64 KiB); this stops a broken or hostile peer from filling memory through HPACK's table.
 */
export const MAX_HEADER_LIST_BYTES = 256 * 1024;
/** The encoded block is bounded too: HPACK never needs more octets than the decoded list has. */
export const MAX_HEADER_BLOCK_BYTES = MAX_HEADER_LIST_BYTES;
/**
 * CONTINUATION frames one header block may take. Empty ones add no bytes, so without a count a peer
 * could send them forever (the "CONTINUATION flood"); a real server needs a handful at most.
 */
export const MAX_CONTINUATION_FRAMES = 64;

export class H2Connection {
  private readonly socket: Socket;
  private readonly parser: FrameParser;
  private readonly decoder = new HpackDecoder(4096, MAX_HEADER_LIST_BYTES);
  private readonly streams = new Map<number, H2Stream>();
  private nextStreamId = 1;
  /** Set once the connection takes no new streams: GOAWAY received, failed, or closed by us. */
  private ending?: string;
  private closed = false;
  private connected = false;
  private sawSettings = false;
  private connectTimer?: NodeJS.Timeout;
  /** Send side, as the server's SETTINGS and WINDOW_UPDATEs say. */
  private sendWindow = DEFAULT_WINDOW_BYTES;
  private peerInitialWindow = DEFAULT_WINDOW_BYTES;
  private peerMaxFrame = DEFAULT_MAX_FRAME_BYTES;
  /** Receive side: bytes not yet given back to the connection window, and what the server may still send. */
  private unacknowledged = 0;
  private recvWindow: number;
  /**
   * What a new stream's window is checked against: the larger of what we advertise and HTTP/2's default.
   * Until the server acknowledges our SETTINGS it may count with the default; a server that applies
   * ours a moment before its acknowledgement reaches us is not wrong either. Either way it stays
   * within what we chose to buffer.
   */
  private readonly recvInitialWindow: number;
  /** A header block split over CONTINUATION frames. */
  private block?: { stream: number; endStream: boolean; parts: Buffer[]; bytes: number; frames: number };
  /** Frames queued while a read is being handled, written as one. */
  private outbox?: Buffer[];
  private pingTimer?: NodeJS.Timeout;
  private pingTimeout?: NodeJS.Timeout;
  private goAwayCalm = false;

  constructor(private readonly config: H2ConnectionConfig, private readonly onEnded: (calm: boolean) => void = () => undefined) {
    const handler: FrameHandler = {
      dataBegin: (stream, flowBytes) => this.onDataBegin(stream, flowBytes),
      data: (stream, bytes) => this.onData(stream, bytes),
      dataEnd: (stream, flowBytes, endStream) => this.onDataEnd(stream, flowBytes, endStream),
      frame: (type, flags, stream, payload) => this.onFrame(type, flags, stream, payload),
    };
    this.parser = new FrameParser(handler, config.maxFrameBytes);
    const buffer = Buffer.allocUnsafe(config.readBufferBytes ?? 256 * 1024);
    const onread = { buffer, callback: (n: number) => this.onRead(buffer, n) };
    const t = config.tls;
    if (t === undefined) {
      this.socket = connect({ host: config.host, port: config.port, onread });
      this.socket.on('connect', () => this.onConnected());
    } else {
      // tls.connect takes `onread` like net.connect (Node docs, since v14.8); @types/node omits it.
      const name = t.verifyName ?? config.host;
      const options: TlsConnectionOptions & { onread: OnReadOpts } = {
        host: config.host, port: config.port, onread, ca: t.ca, cert: t.cert, key: t.key, ALPNProtocols: ['h2'],
        servername: isIP(name) === 0 ? name : undefined,
        checkServerIdentity: (_host, cert) => checkServerIdentity(name, cert),
      };
      const tlsSocket = connectTls(options);
      tlsSocket.on('secureConnect', () => {
        // gRPC is HTTP/2 only; a server that did not pick h2 would answer our frames with HTTP/1.1.
        if (tlsSocket.alpnProtocol !== 'h2') this.fail(`the server did not agree to HTTP/2 over TLS (ALPN: ${tlsSocket.alpnProtocol || 'none'})`);
        else this.onConnected();
      });
      this.socket = tlsSocket;
    }
    this.socket.setNoDelay(true);
    this.socket.unref(); // an idle connection must not keep a process alive; open streams ref it
    this.socket.on('error', (err: NodeJS.ErrnoException) => this.fail(err.code ? `${err.code}: ${err.message}` : err.message));
    this.socket.on('close', () => this.fail(this.connected ? 'the server closed the connection' : 'the connection could not be made'));
    this.connectTimer = setTimeout(() => this.fail(`no connection within ${config.connectTimeoutMs} ms`), config.connectTimeoutMs);
    this.connectTimer.unref();
    const preface = [
      CLIENT_PREFACE,
      encodeFrame(FrameType.Settings, 0, 0, settingsPayload([
        [Setting.enablePush, 0],
        [Setting.initialWindowSize, config.windowBytes],
        [Setting.maxFrameSize, config.maxFrameBytes],
        [Setting.maxHeaderListSize, MAX_HEADER_LIST_BYTES],
      ])),
    ];
    // The connection window starts at 64 KiB whatever the SETTINGS say; only a WINDOW_UPDATE widens it.
    const widen = config.windowBytes - DEFAULT_WINDOW_BYTES;
    if (widen > 0) preface.push(encodeFrame(FrameType.WindowUpdate, 0, 0, uint32Payload(widen)));
    this.recvWindow = DEFAULT_WINDOW_BYTES + Math.max(0, widen);
    this.recvInitialWindow = Math.max(DEFAULT_WINDOW_BYTES, config.windowBytes);
    this.socket.write(Buffer.concat(preface));
  }

  private onConnected(): void {
    this.connected = true;
    clearTimeout(this.connectTimer);
  }

  /** Whether a new stream may start here. */
  get usable(): boolean {
    return this.ending === undefined && !this.closed && this.nextStreamId < MAX_STREAM_ID;
  }

  /** Starts a request: HEADERS, then the body as DATA ending the stream, as the server's windows allow. */
  request(headers: HeaderFields, body: Buffer, events: StreamEvents): H2Stream {
    if (!this.usable) throw new Error(`the connection takes no new streams (${this.ending ?? 'closed'})`);
    const stream = new H2Stream(this.nextStreamId, events, body, this.peerInitialWindow, this.recvInitialWindow, this);
    this.nextStreamId += 2;
    const first = this.streams.size === 0;
    this.streams.set(stream.id, stream);
    if (first) {
      this.socket.ref();
      this.startPings();
    }
    this.sendHeaders(stream.id, encodeHeaderBlock(headers), body.length === 0);
    this.flushBody(stream);
    return stream;
  }

  /** Ends the connection: open streams fail with `reason`. */
  close(reason = 'the connection was closed'): void {
    if (this.closed) return;
    this.send(encodeFrame(FrameType.GoAway, 0, 0, Buffer.concat([uint32Payload(0), uint32Payload(ErrorCode.noError)])));
    this.fail(reason);
  }

  /** @internal H2Stream.cancel */
  cancel(stream: H2Stream): void {
    if (stream.state === StreamState.Closed) return;
    this.closeStream(stream);
    if (!this.closed) this.send(encodeFrame(FrameType.RstStream, 0, stream.id, uint32Payload(ErrorCode.cancel)));
  }

  /** @internal H2Stream.resume: give back what the stream has received, if it is enough to bother. */
  grant(stream: H2Stream): void {
    if (stream.state === StreamState.Closed || stream.paused || this.closed) return;
    // Half the window, as most HTTP/2 stacks do: fewer WINDOW_UPDATEs, and the server never stalls.
    if (stream.unacknowledged >= this.config.windowBytes / 2) {
      this.send(encodeFrame(FrameType.WindowUpdate, 0, stream.id, uint32Payload(stream.unacknowledged)));
      stream.recvWindow += stream.unacknowledged;
      stream.unacknowledged = 0;
    }
  }

  // ---- receiving ----

  private onRead(buffer: Buffer, n: number): boolean {
    if (this.closed) return false;
    this.outbox = [];
    try {
      this.parser.push(buffer.subarray(0, n));
    } catch (err) {
      const code = err instanceof H2ProtocolError ? err.code : ErrorCode.internalError;
      this.flushOutbox();
      this.protocolFailure((err as Error).message, code);
      return false;
    }
    this.flushOutbox();
    return true;
  }

  /** Whether `id` names a stream that never existed: servers open none (push is off), ours are odd and below nextStreamId. */
  private isIdle(id: number): boolean {
    return id !== 0 && (id % 2 === 0 || id >= this.nextStreamId);
  }

  /**
   * Flow control of what we receive (RFC 9113 section 6.9): a server that sends more than the window we
   * gave, on the connection or on a stream, ignores our flow control and could fill our memory. That is
   * a connection error FLOW_CONTROL_ERROR, decided before any of the frame's content is handed on.
   */
  private onDataBegin(id: number, flowBytes: number): void {
    if (this.block !== undefined) throw new H2ProtocolError('a header block was interrupted');
    if (this.isIdle(id)) throw new H2ProtocolError(`DATA on stream ${id}, which was never opened`);
    if (flowBytes > this.recvWindow) {
      throw new H2ProtocolError(`DATA of ${flowBytes} bytes beyond the connection window of ${this.recvWindow}`, ErrorCode.flowControlError);
    }
    this.recvWindow -= flowBytes;
    const stream = this.streams.get(id);
    if (stream === undefined) return; // cancelled or ended: counted for the connection only
    if (flowBytes > stream.recvWindow) {
      throw new H2ProtocolError(`DATA of ${flowBytes} bytes beyond stream ${id}'s window of ${stream.recvWindow}`, ErrorCode.flowControlError);
    }
    stream.recvWindow -= flowBytes;
  }

  private onData(id: number, bytes: Buffer): void {
    const stream = this.streams.get(id);
    if (stream === undefined || !stream.sawHeaders) {
      if (stream !== undefined) this.streamError(stream, ErrorCode.protocolError, 'DATA before response headers');
      return; // a stream we cancelled: its data still counts for the connection (onDataEnd)
    }
    stream.events.data(bytes);
  }

  private onDataEnd(id: number, flowBytes: number, endStream: boolean): void {
    this.unacknowledged += flowBytes;
    if (this.unacknowledged >= this.config.windowBytes / 2) {
      this.send(encodeFrame(FrameType.WindowUpdate, 0, 0, uint32Payload(this.unacknowledged)));
      this.recvWindow += this.unacknowledged;
      this.unacknowledged = 0;
    }
    const stream = this.streams.get(id);
    if (stream === undefined) return;
    stream.unacknowledged += flowBytes;
    if (endStream) {
      this.closeStream(stream);
      stream.events.end();
    } else {
      this.grant(stream);
    }
  }

  private onFrame(type: number, flags: number, id: number, payload: Buffer): void {
    if (!this.sawSettings && type !== FrameType.Settings) throw new H2ProtocolError('the server did not start with SETTINGS (is this an HTTP/2 server?)');
    if (this.block !== undefined && type !== FrameType.Continuation) throw new H2ProtocolError('a header block was interrupted');
    switch (type) {
      case FrameType.Headers: return this.onHeaders(flags, id, payload);
      case FrameType.Continuation: return this.onContinuation(flags, id, payload);
      case FrameType.Settings: return this.onSettings(flags, id, payload);
      case FrameType.WindowUpdate: return this.onWindowUpdate(id, payload);
      case FrameType.Ping: return this.onPing(flags, id, payload);
      case FrameType.RstStream: return this.onRstStream(id, payload);
      case FrameType.GoAway: return this.onGoAway(id, payload);
      case FrameType.PushPromise: throw new H2ProtocolError('PUSH_PROMISE although push is disabled');
      default: return; // PRIORITY and unknown frame types are ignored, as RFC 9113 requires
    }
  }

  private onHeaders(flags: number, id: number, payload: Buffer): void {
    if (id === 0) throw new H2ProtocolError('HEADERS on stream 0');
    if (this.isIdle(id)) throw new H2ProtocolError(`HEADERS on stream ${id}, which was never opened`);
    let start = 0;
    let end = payload.length;
    if (flags & Flag.padded) {
      if (payload.length < 1) throw new H2ProtocolError('padded HEADERS without a pad length', ErrorCode.frameSizeError);
      start = 1;
      end -= payload[0]!;
    }
    if (flags & Flag.priority) start += 5;
    if (start > end) throw new H2ProtocolError('HEADERS padding is longer than the frame');
    const fragment = payload.subarray(start, end);
    const endStream = (flags & Flag.endStream) !== 0;
    if (fragment.length > MAX_HEADER_BLOCK_BYTES) throw new H2ProtocolError(`a header block of more than ${MAX_HEADER_BLOCK_BYTES} bytes`, ErrorCode.enhanceYourCalm);
    if (flags & Flag.endHeaders) this.onHeaderBlock(id, fragment, endStream);
    else this.block = { stream: id, endStream, parts: [fragment], bytes: fragment.length, frames: 1 };
  }

  private onContinuation(flags: number, id: number, payload: Buffer): void {
    const block = this.block;
    if (block === undefined || block.stream !== id) throw new H2ProtocolError('CONTINUATION without the HEADERS it continues');
    // Checked before anything is kept: what the block holds never passes the caps.
    if (block.bytes + payload.length > MAX_HEADER_BLOCK_BYTES) throw new H2ProtocolError(`a header block of more than ${MAX_HEADER_BLOCK_BYTES} bytes`, ErrorCode.enhanceYourCalm);
    if (block.frames + 1 > MAX_CONTINUATION_FRAMES) throw new H2ProtocolError(`a header block in more than ${MAX_CONTINUATION_FRAMES} frames`, ErrorCode.enhanceYourCalm);
    block.frames += 1;
    block.bytes += payload.length;
    if (payload.length > 0) block.parts.push(payload);
    if (!(flags & Flag.endHeaders)) return;
    this.block = undefined;
    this.onHeaderBlock(id, Buffer.concat(block.parts), block.endStream);
  }

  private onHeaderBlock(id: number, block: Buffer, endStream: boolean): void {
    // Every block is decoded, even one for a stream we cancelled: the decoder's table must follow the server's.
    let fields: HeaderFields;
    try {
      fields = this.decoder.decode(block);
    } catch (err) {
      // Either way the decoder's table may now differ from the server's: the connection cannot go on.
      if (err instanceof HeaderListSizeError) throw new H2ProtocolError(err.message, ErrorCode.enhanceYourCalm);
      throw new H2ProtocolError(`header block could not be decoded: ${(err as Error).message}`, ErrorCode.compressionError);
    }
    const stream = this.streams.get(id);
    if (stream === undefined) return;
    stream.sawHeaders = true;
    if (endStream) this.closeStream(stream);
    stream.events.headers(fields, endStream);
  }

  private onSettings(flags: number, id: number, payload: Buffer): void {
    if (id !== 0) throw new H2ProtocolError('SETTINGS on a stream');
    if (flags & Flag.ack) {
      if (payload.length !== 0) throw new H2ProtocolError('SETTINGS ACK with a payload', ErrorCode.frameSizeError);
      return;
    }
    if (payload.length % 6 !== 0) throw new H2ProtocolError('SETTINGS of a length that is not a multiple of 6', ErrorCode.frameSizeError);
    this.sawSettings = true;
    for (let at = 0; at < payload.length; at += 6) {
      const setting = payload.readUInt16BE(at);
      const value = payload.readUInt32BE(at + 2);
      if (setting === Setting.initialWindowSize) {
        if (value > MAX_WINDOW_BYTES) throw new H2ProtocolError('SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1', ErrorCode.flowControlError);
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const s of this.streams.values()) {
          s.sendWindow += delta;
          // RFC 9113 section 6.9.2: a change that takes a window above 2^31-1 is a connection error.
          if (s.sendWindow > MAX_WINDOW_BYTES) throw new H2ProtocolError(`stream ${s.id}'s window above 2^31-1 after SETTINGS`, ErrorCode.flowControlError);
        }
      } else if (setting === Setting.maxFrameSize) {
        if (value < DEFAULT_MAX_FRAME_BYTES || value > 0xffffff) throw new H2ProtocolError('SETTINGS_MAX_FRAME_SIZE out of range');
        this.peerMaxFrame = value;
      }
      // HEADER_TABLE_SIZE bounds the table of *our* encoder, which indexes nothing; MAX_CONCURRENT_STREAMS
      // is enforced by the server with REFUSED_STREAM, which the caller retries.
    }
    this.send(encodeFrame(FrameType.Settings, Flag.ack, 0));
    for (const s of this.streams.values()) this.flushBody(s);
  }

  /**
   * RFC 9113 section 6.9: an increment of 0 is a PROTOCOL_ERROR and a window above 2^31-1 a
   * FLOW_CONTROL_ERROR; on stream 0 they end the connection, on a stream only that stream.
   */
  private onWindowUpdate(id: number, payload: Buffer): void {
    if (payload.length !== 4) throw new H2ProtocolError('WINDOW_UPDATE of the wrong length', ErrorCode.frameSizeError);
    const increment = payload.readUInt32BE(0) & MAX_WINDOW_BYTES;
    if (id === 0) {
      if (increment === 0) throw new H2ProtocolError('WINDOW_UPDATE of 0 on the connection');
      this.sendWindow += increment;
      if (this.sendWindow > MAX_WINDOW_BYTES) throw new H2ProtocolError('connection window above 2^31-1', ErrorCode.flowControlError);
      for (const s of this.streams.values()) this.flushBody(s);
      return;
    }
    if (this.isIdle(id)) throw new H2ProtocolError(`WINDOW_UPDATE on stream ${id}, which was never opened`);
    const stream = this.streams.get(id);
    if (stream === undefined) return;
    if (increment === 0) {
      this.streamError(stream, ErrorCode.protocolError, 'WINDOW_UPDATE of 0');
      return;
    }
    stream.sendWindow += increment;
    if (stream.sendWindow > MAX_WINDOW_BYTES) {
      this.streamError(stream, ErrorCode.flowControlError, 'stream window above 2^31-1');
      return;
    }
    this.flushBody(stream);
  }

  private onPing(flags: number, id: number, payload: Buffer): void {
    if (id !== 0) throw new H2ProtocolError('PING on a stream');
    if (payload.length !== PING_PAYLOAD_BYTES) throw new H2ProtocolError('PING of the wrong length', ErrorCode.frameSizeError);
    if (flags & Flag.ack) {
      clearTimeout(this.pingTimeout);
      this.pingTimeout = undefined;
      this.schedulePing();
    } else {
      this.send(encodeFrame(FrameType.Ping, Flag.ack, 0, payload));
    }
  }

  private onRstStream(id: number, payload: Buffer): void {
    if (payload.length !== 4) throw new H2ProtocolError('RST_STREAM of the wrong length', ErrorCode.frameSizeError);
    if (id === 0) throw new H2ProtocolError('RST_STREAM on stream 0');
    if (this.isIdle(id)) throw new H2ProtocolError(`RST_STREAM on stream ${id}, which was never opened`);
    const stream = this.streams.get(id);
    if (stream === undefined) return;
    const code = payload.readUInt32BE(0);
    this.closeStream(stream);
    stream.events.failed(code === ErrorCode.refusedStream
      ? { kind: 'refused', reason: 'the server refused the stream (REFUSED_STREAM)' }
      : { kind: 'reset', code });
  }

  private onGoAway(id: number, payload: Buffer): void {
    if (id !== 0) throw new H2ProtocolError('GOAWAY on a stream');
    if (payload.length < 8) throw new H2ProtocolError('GOAWAY too short', ErrorCode.frameSizeError);
    const last = payload.readUInt32BE(0) & MAX_STREAM_ID;
    const code = payload.readUInt32BE(4);
    const debug = payload.subarray(8).toString('latin1');
    // gRPC servers say "too_many_pings" when our keepalive pings come faster than their policy allows.
    if (code === ErrorCode.enhanceYourCalm && debug === 'too_many_pings') this.goAwayCalm = true;
    this.ending = `the server sent GOAWAY (code ${code}${debug ? `, ${debug}` : ''})`;
    this.config.logger.debug(`direct stream connection: ${this.ending}, last stream ${last}`);
    for (const s of [...this.streams.values()]) {
      if (s.id <= last) continue;
      this.closeStream(s);
      s.events.failed({ kind: 'refused', reason: `${this.ending}; the call was not processed` });
    }
    if (this.streams.size === 0) this.fail(this.ending);
  }

  // ---- sending ----

  private sendHeaders(id: number, block: Buffer, endStream: boolean): void {
    const max = this.peerMaxFrame;
    const flags = (endStream ? Flag.endStream : 0) | (block.length <= max ? Flag.endHeaders : 0);
    this.send(encodeFrame(FrameType.Headers, flags, id, block.subarray(0, max)));
    for (let at = max; at < block.length; at += max) {
      const last = at + max >= block.length;
      this.send(encodeFrame(FrameType.Continuation, last ? Flag.endHeaders : 0, id, block.subarray(at, at + max)));
    }
  }

  /** Sends as much of the stream's request body as the windows allow; the last frame ends the stream. */
  private flushBody(stream: H2Stream): void {
    while (stream.pending.length > 0 && stream.state !== StreamState.Closed && !this.closed) {
      const n = Math.min(stream.pending.length, stream.sendWindow, this.sendWindow, this.peerMaxFrame);
      if (n <= 0) return;
      const chunk = stream.pending.subarray(0, n);
      stream.pending = stream.pending.subarray(n);
      stream.sendWindow -= n;
      this.sendWindow -= n;
      this.send(encodeFrame(FrameType.Data, stream.pending.length === 0 ? Flag.endStream : 0, stream.id, chunk));
    }
  }

  private send(frame: Buffer): void {
    if (this.closed) return;
    if (this.outbox !== undefined) this.outbox.push(frame);
    else this.socket.write(frame);
  }

  private flushOutbox(): void {
    const out = this.outbox;
    this.outbox = undefined;
    if (out === undefined || out.length === 0 || this.closed) return;
    this.socket.write(out.length === 1 ? out[0]! : Buffer.concat(out));
  }

  // ---- keepalive ----

  private startPings(): void {
    if (!this.config.keepalive.enabled) return;
    this.schedulePing();
  }

  private schedulePing(): void {
    if (this.pingTimer !== undefined || this.pingTimeout !== undefined || this.streams.size === 0 || this.closed) return;
    this.pingTimer = setTimeout(() => {
      this.pingTimer = undefined;
      if (this.streams.size === 0 || this.closed) return;
      this.pingTimeout = setTimeout(() => this.fail('keepalive ping not answered'), this.config.keepalive.timeoutMs);
      this.pingTimeout.unref();
      this.send(encodeFrame(FrameType.Ping, 0, 0, Buffer.alloc(PING_PAYLOAD_BYTES)));
    }, this.config.keepalive.timeMs);
    this.pingTimer.unref();
  }

  private stopPings(): void {
    clearTimeout(this.pingTimer);
    clearTimeout(this.pingTimeout);
    this.pingTimer = undefined;
    this.pingTimeout = undefined;
  }

  // ---- ending ----

  private closeStream(stream: H2Stream): void {
    stream.state = StreamState.Closed;
    this.streams.delete(stream.id);
    if (this.streams.size > 0) return;
    this.stopPings();
    if (this.closed) return;
    if (this.ending !== undefined) this.fail(this.ending);
    else this.socket.unref();
  }

  /** RFC 9113 stream error: the stream is reset with `code` and fails; the connection goes on. */
  private streamError(stream: H2Stream, code: number, why: string): void {
    this.config.logger.debug(`direct stream ${stream.id}: ${why}`);
    if (stream.state === StreamState.Closed) return;
    this.closeStream(stream);
    if (!this.closed) this.send(encodeFrame(FrameType.RstStream, 0, stream.id, uint32Payload(code)));
    stream.events.failed({ kind: 'protocol', code, reason: why });
  }

  private protocolFailure(why: string, code: number): void {
    if (this.closed) return;
    this.socket.write(encodeFrame(FrameType.GoAway, 0, 0, Buffer.concat([uint32Payload(0), uint32Payload(code)])));
    this.fail(`HTTP/2 protocol error: ${why}`);
  }

  /** Ends the connection now; every open stream fails with `reason`. */
  private fail(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ending ??= reason;
    clearTimeout(this.connectTimer);
    this.stopPings();
    this.socket.destroySoon(); // after what is queued (a GOAWAY, an RST_STREAM) is written
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const s of streams) {
      s.state = StreamState.Closed;
      s.events.failed({ kind: 'connection', reason, calm: this.goAwayCalm });
    }
    this.onEnded(this.goAwayCalm);
  }
}
