// Memory for large received messages, reused when the reader says it is done with a message.
//
// A result's Arrow batches are read in place from the gRPC message that carried them (no copy), so
// every message needs its own buffer, and a 10-million-row result allocates ~750 MB of them. V8 frees
// an ArrayBuffer only in a garbage collection, and a stream of large ArrayBuffers with little other
// garbage makes it run full mark-compacts, one per ~64 MB of buffers (30-40 per such result on Node 24,
// a large share of the client's CPU: bench/README.md). A reader that drops each batch before asking
// for the next (the CLI's output, a benchmark) can hand the buffer back instead; the next message is
// then received into it and allocates nothing. The direct result stream (h2/connection.ts) reads its
// socket into one reused buffer as well, so such a reader makes almost no large garbage at all; over
// grpc-js, Node's HTTP/2 session still reads the socket into new buffers of its own.
//
// Readers that keep batches (collect(), toArrow(), the results grid) never release, and their buffers
// are ordinary garbage-collected memory. Releasing is opt-in per stream: see recordBatches' reuseMemory.

/** Buffers are sized in steps of this, so that messages of similar size fit each other's buffers. */
const STEP = 64 * 1024;

export interface MessageMemoryStats {
  /** Buffers made because none free fitted. */
  allocated: number;
  /** Acquisitions served from a released buffer. */
  reused: number;
  /** Buffers waiting to be reused, and their total size. */
  freeBuffers: number;
  freeBytes: number;
}

export class MessageMemoryPool {
  /** Released buffers, most recent last. */
  private free: ArrayBuffer[] = [];
  private freeBytes = 0;
  /** Buffers handed out and not released: only these may come back (weak, so unreleased ones are collected). */
  private readonly leased = new WeakSet<ArrayBuffer>();
  private allocated = 0;
  private reused = 0;
  private trimTimer?: NodeJS.Timeout;

  /**
   * @param maxFreeBytes most memory kept for reuse; beyond it released buffers are left to the collector
   * @param idleMs after this long without a release the kept buffers are given back to the collector
   */
  constructor(private readonly maxFreeBytes = 32 * 1024 * 1024, private readonly idleMs = 5_000) {}

  /** A Buffer of exactly `bytes` bytes at offset 0 of an ArrayBuffer of its own (8-byte aligned). */
  acquire(bytes: number): Buffer {
    // Best fit no more than twice the size: a small message must not hold a large buffer hostage.
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i]!.byteLength;
      if (size >= bytes && size <= 2 * bytes + STEP && (best < 0 || size < this.free[best]!.byteLength)) best = i;
    }
    let memory: ArrayBuffer;
    if (best >= 0) {
      memory = this.free.splice(best, 1)[0]!;
      this.freeBytes -= memory.byteLength;
      this.reused++;
    } else {
      memory = new ArrayBuffer(Math.ceil(Math.max(bytes, 1) / STEP) * STEP);
      this.allocated++;
    }
    this.leased.add(memory);
    return Buffer.from(memory, 0, bytes);
  }

  /**
   * Takes back a buffer acquire() handed out; anything else (or a second release) is ignored. The
   * caller promises that nothing reads the buffer's old contents any more.
   */
  release(memory: ArrayBufferLike | undefined): void {
    if (!(memory instanceof ArrayBuffer) || !this.leased.has(memory)) return;
    this.leased.delete(memory);
    if (this.freeBytes + memory.byteLength > this.maxFreeBytes) return;
    this.free.push(memory);
    this.freeBytes += memory.byteLength;
    this.scheduleTrim();
  }

  /** Gives every kept buffer back to the garbage collector. */
  trim(): void {
    this.free = [];
    this.freeBytes = 0;
    if (this.trimTimer !== undefined) clearTimeout(this.trimTimer);
    this.trimTimer = undefined;
  }

  get stats(): MessageMemoryStats {
    return { allocated: this.allocated, reused: this.reused, freeBuffers: this.free.length, freeBytes: this.freeBytes };
  }

  private scheduleTrim(): void {
    if (this.trimTimer !== undefined) this.trimTimer.refresh();
    else {
      this.trimTimer = setTimeout(() => this.trim(), this.idleMs);
      this.trimTimer.unref(); // kept memory must not keep a process alive
    }
  }
}

/** The pool every received large message is placed in (see grpc-message-alignment.ts). */
export const messageMemory = new MessageMemoryPool();
