// Lets Arrow read a result's columns in place instead of copying every batch once more.
//
// grpc-js gathers each received message into one Buffer; Spark Connect puts a batch's Arrow IPC bytes
// a few dozen bytes into its ExecutePlanResponse, so in that Buffer they start at an arbitrary
// offset. Arrow's typed arrays (Int64, Float64, decimals, offsets) need 8-byte alignment, so every
// batch had to be copied again before decoding: in a 10-million-row result that is a second 750 MB
// of short-lived buffers, and the garbage collector's work for them was the largest single cost in
// the client's CPU profile. This module replaces grpc-js's message framing (the StreamDecoder every
// call uses) with one that, before gathering a large message, reads where its Arrow bytes begin and
// places the message so that they are 8-byte aligned. The bytes handed on are exactly those grpc-js
// would hand on; only where they sit in memory changes. The framing rules (1-byte compressed flag,
// 4-byte big-endian length, the size limit and its message) are grpc-js's own, kept exactly.
//
// It is installed once per process on the grpc-js copy this module is bundled with (the client's
// bundle in the extension has its own), and only when asked for: see installMessageAlignment.
import { StreamDecoder } from '@grpc/grpc-js/build/src/stream-decoder';
import { Reader } from 'protobufjs/minimal';
import { messageMemory, type MessageMemoryPool } from './message-memory';

/** A gRPC message above the receive limit (grpc-js's text, so both transports read alike); typed for callers. */
export class MessageTooLargeError extends Error {}

/** Messages smaller than this are framed as grpc-js frames them (alignment only matters for bulk). */
export const ALIGN_FROM_BYTES = 64 * 1024;
/** How much of a message is read before deciding where to place it. */
const PEEK_BYTES = 128;

/** Where, in a message's protobuf bytes, the data that should be 8-byte aligned begins (if known). */
export type AlignmentHint = (prefix: Uint8Array) => number | undefined;

/** Moves `r` past the fields before length-delimited field `field` (below `end`); its start and length. */
function bytesField(r: Reader, end: number, field: number): [start: number, length: number] | undefined {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === field && (tag & 7) === 2) {
      const length = r.uint32();
      return [r.pos, length];
    }
    r.skipType(tag & 7);
  }
  return undefined;
}

/**
 * The hint for Spark Connect: in an ExecutePlanResponse, arrow_batch is field 2 and its IPC bytes are
 * the ArrowBatch's field 2 (`data`). Other messages may happen to match; that only moves where they
 * sit in memory, never what they contain.
 */
export const arrowBatchDataOffset: AlignmentHint = (prefix) => {
  try {
    const r = Reader.create(prefix);
    const batch = bytesField(r, prefix.length, 2);
    if (batch === undefined) return undefined;
    return bytesField(r, Math.min(prefix.length, batch[0] + batch[1]), 2)?.[0];
  } catch {
    return undefined; // the prefix ends inside a field, or is not protobuf at all
  }
};

const enum State { Flag, Size, Message }

/** grpc-js's framing, with large messages placed so that the hinted offset is 8-byte aligned. */
export class AligningMessageDecoder {
  private state = State.Flag;
  private flag = 0;
  private readonly sizeBytes = Buffer.alloc(4);
  private sizeRead = 0;
  private size = 0;
  /** The framed message being filled (flag, size, payload), once placed. */
  private framed?: Buffer;
  private filled = 0;
  /** Payload pieces held back until enough of it is here to decide where to place it. */
  private held: Buffer[] = [];
  private heldBytes = 0;

  constructor(
    private readonly maxReadMessageLength: number,
    private readonly hint: AlignmentHint,
    /** Where large messages are placed; a reader may give their memory back (message-memory.ts). */
    private readonly memory: MessageMemoryPool = messageMemory,
    /** Whether `write`'s input is overwritten after the call (a reused socket buffer): keep nothing of it. */
    private readonly transientInput = false,
  ) {}

  write(data: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let at = 0;
    while (at < data.length) {
      switch (this.state) {
        case State.Flag:
          this.flag = data[at]!;
          at += 1;
          this.sizeRead = 0;
          this.state = State.Size;
          break;
        case State.Size: {
          const n = Math.min(data.length - at, 4 - this.sizeRead);
          data.copy(this.sizeBytes, this.sizeRead, at, at + n);
          this.sizeRead += n;
          at += n;
          if (this.sizeRead < 4) break;
          this.size = this.sizeBytes.readUInt32BE(0);
          if (this.maxReadMessageLength !== -1 && this.size > this.maxReadMessageLength) {
            throw new MessageTooLargeError(`Received message larger than max (${this.size} vs ${this.maxReadMessageLength})`);
          }
          if (this.size === 0) {
            out.push(this.frame(0));
            this.state = State.Flag;
          } else {
            this.framed = this.size < ALIGN_FROM_BYTES ? this.frame(0) : undefined;
            this.filled = 0;
            this.state = State.Message;
          }
          break;
        }
        case State.Message: {
          const n = Math.min(data.length - at, this.size - this.filled - this.heldBytes);
          const piece = data.subarray(at, at + n);
          at += n;
          if (this.framed !== undefined) {
            this.framed.set(piece, 5 + this.filled);
            this.filled += n;
          } else {
            this.held.push(this.transientInput ? Buffer.from(piece) : piece);
            this.heldBytes += n;
            if (this.heldBytes >= Math.min(PEEK_BYTES, this.size)) this.place();
          }
          if (this.filled === this.size) {
            out.push(this.framed!);
            this.framed = undefined;
            this.state = State.Flag;
          }
          break;
        }
      }
    }
    return out;
  }

  /** A Buffer for flag + size + payload, whose payload byte `alignAt` lands on an 8-byte boundary. */
  private frame(pad: number): Buffer {
    const framed = this.size < ALIGN_FROM_BYTES
      ? Buffer.allocUnsafe(5 + this.size)
      : this.memory.acquire(pad + 5 + this.size).subarray(pad);
    framed[0] = this.flag;
    framed.writeUInt32BE(this.size, 1);
    return framed;
  }

  private place(): void {
    const prefix = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held);
    const offset = this.hint(prefix.subarray(0, Math.min(prefix.length, PEEK_BYTES)));
    // The pool's buffers start 8-aligned (each is a whole ArrayBuffer), so shifting by `pad`
    // puts payload byte `offset` (at 5 + offset in the frame) on a multiple of 8.
    const pad = offset === undefined ? 0 : (8 - ((5 + offset) % 8)) % 8;
    this.framed = this.frame(pad);
    this.framed.set(prefix, 5);
    this.filled = prefix.length;
    this.held = [];
    this.heldBytes = 0;
  }
}

let installed = false;

/**
 * Makes every grpc-js call in this process frame received messages with AligningMessageDecoder.
 * Idempotent. grpc-js builds its decoder as `new StreamDecoder(max)` and calls only `write`, so
 * the class's prototype is where the behaviour is swapped.
 */
export function installMessageAlignment(hint: AlignmentHint = arrowBatchDataOffset): void {
  if (installed) return;
  installed = true;
  const decoders = new WeakMap<object, AligningMessageDecoder>();
  const proto = StreamDecoder.prototype as unknown as { write(data: Buffer): Buffer[] };
  proto.write = function write(this: { maxReadMessageLength: number }, data: Buffer): Buffer[] {
    let d = decoders.get(this);
    if (d === undefined) {
      d = new AligningMessageDecoder(this.maxReadMessageLength, hint);
      decoders.set(this, d);
    }
    return d.write(data);
  };
}
