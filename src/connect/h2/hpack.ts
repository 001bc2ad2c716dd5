// HPACK (RFC 7541) for our HTTP/2 client: a full decoder for the server's header blocks, and a
// deliberately minimal encoder for ours.
//
// Strings are latin1 throughout: one JS char per octet, so any octet sequence survives decoding and
// re-encoding unchanged. Header values that carry arbitrary bytes in gRPC (`-bin` headers) are base64
// text, and other values are ASCII or percent-encoded by the caller, so no UTF-8 decoding is wanted.
import { STATIC_TABLE, STATIC_TABLE_LENGTH } from './hpack-static';
import { HeaderListSizeError, HpackError } from './hpack-error';
import { huffmanDecode } from './huffman';

export { HeaderListSizeError, HpackError };

/** RFC 7541 Section 4.1: each entry costs its octets plus 32 for the implementation's bookkeeping. */
const ENTRY_OVERHEAD = 32;

/** Integers beyond this are no index, length or size we could honour; they only signal an attack. */
const MAX_INTEGER = 0x7fffffff;

/** 5 continuation octets carry 35 bits, enough for MAX_INTEGER; more can only be zero padding. */
const MAX_CONTINUATION_BYTES = 5;

/**
 * Decodes an HPACK integer whose first octet is at `offset` with an N-bit prefix (Section 5.1).
 * Returns the value and the offset just past it.
 */
export function decodeInteger(
  bytes: Uint8Array, offset: number, prefixBits: number,
): { value: number; offset: number } {
  if (offset >= bytes.length) throw new HpackError('HPACK: truncated integer');
  const prefixMax = (1 << prefixBits) - 1;
  let value = bytes[offset] & prefixMax;
  let pos = offset + 1;
  if (value < prefixMax) return { value, offset: pos };
  // Multiply rather than shift: 32-bit shifts would silently wrap before the overflow check.
  let scale = 1;
  for (let count = 0; ; count++) {
    if (count === MAX_CONTINUATION_BYTES) throw new HpackError('HPACK: integer has too many octets');
    if (pos >= bytes.length) throw new HpackError('HPACK: truncated integer');
    const byte = bytes[pos++];
    value += (byte & 0x7f) * scale;
    if (value > MAX_INTEGER) throw new HpackError('HPACK: integer overflow');
    if ((byte & 0x80) === 0) return { value, offset: pos };
    scale *= 128;
  }
}

/**
 * Appends an HPACK integer with an N-bit prefix to `out`; `flags` holds the representation's bits
 * above the prefix in the first octet.
 */
export function encodeInteger(value: number, prefixBits: number, flags: number, out: number[]): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_INTEGER) {
    throw new RangeError(`HPACK: cannot encode integer ${value}`);
  }
  const prefixMax = (1 << prefixBits) - 1;
  if (value < prefixMax) {
    out.push(flags | value);
    return;
  }
  out.push(flags | prefixMax);
  let rest = value - prefixMax;
  while (rest >= 128) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

/**
 * Decodes the header blocks of one HTTP/2 connection, in order: the dynamic table carries state from
 * block to block, so one decoder serves all streams and every block must be fed to it exactly once.
 * After an HpackError the table is in an unknown state and the connection must be closed.
 */
export class HpackDecoder {
  /** Oldest entry first, so that adding is a push; dynamic index 1 is the last element. */
  private readonly entries: [string, string][] = [];
  private size = 0;
  /** The limit the encoder chose by size updates, never above the one we advertised. */
  private capacity: number;

  /**
   * `maxTableSize` is the SETTINGS_HEADER_TABLE_SIZE we advertise (4096 unless we send another);
   * `maxListBytes` bounds one decoded header list (names + values + 32 per field), checked while
   * decoding, so a small block that references a large table entry many times cannot inflate memory.
   */
  constructor(private readonly maxTableSize = 4096, private readonly maxListBytes = Infinity) {
    this.capacity = maxTableSize;
  }

  /** Current dynamic table size in octets, as RFC 7541 Section 4.1 counts it. */
  get tableSize(): number {
    return this.size;
  }

  /** Dynamic table entries, newest first (the order of their indices 62, 63, ...). */
  get tableEntries(): ReadonlyArray<readonly [string, string]> {
    return [...this.entries].reverse();
  }

  decode(block: Uint8Array): Array<[string, string]> {
    const headers: Array<[string, string]> = [];
    let listBytes = 0;
    const emit = (name: string, value: string): void => {
      listBytes += name.length + value.length + ENTRY_OVERHEAD;
      if (listBytes > this.maxListBytes) throw new HeaderListSizeError(`HPACK: header list larger than ${this.maxListBytes} bytes`);
      headers.push([name, value]);
    };
    let pos = 0;
    while (pos < block.length) {
      const first = block[pos];
      if (first & 0x80) {
        // Indexed header field (Section 6.1).
        const index = decodeInteger(block, pos, 7);
        pos = index.offset;
        const [name, value] = this.lookup(index.value);
        emit(name, value);
      } else if ((first & 0xe0) === 0x20) {
        // Dynamic table size update (Section 6.3). It may only precede the block's first field.
        if (headers.length > 0) throw new HpackError('HPACK: table size update after a header field');
        const update = decodeInteger(block, pos, 5);
        pos = update.offset;
        if (update.value > this.maxTableSize) {
          throw new HpackError(`HPACK: table size ${update.value} exceeds the limit ${this.maxTableSize}`);
        }
        this.capacity = update.value;
        this.evictTo(this.capacity);
      } else {
        // Literal fields: with incremental indexing (01, 6-bit prefix), without indexing (0000) and
        // never indexed (0001), both with a 4-bit prefix (Sections 6.2.1 to 6.2.3).
        const indexing = (first & 0xc0) === 0x40;
        const nameIndex = decodeInteger(block, pos, indexing ? 6 : 4);
        pos = nameIndex.offset;
        let name: string;
        if (nameIndex.value === 0) {
          const literal = readString(block, pos);
          pos = literal.offset;
          name = literal.text;
        } else {
          name = this.lookup(nameIndex.value)[0];
        }
        const literal = readString(block, pos);
        pos = literal.offset;
        emit(name, literal.text);
        if (indexing) this.add(name, literal.text);
      }
    }
    return headers;
  }

  private lookup(index: number): readonly [string, string] {
    if (index === 0) throw new HpackError('HPACK: index 0');
    if (index <= STATIC_TABLE_LENGTH) return STATIC_TABLE[index];
    const dynamic = index - STATIC_TABLE_LENGTH;
    if (dynamic > this.entries.length) throw new HpackError(`HPACK: index ${index} is beyond the tables`);
    return this.entries[this.entries.length - dynamic];
  }

  private add(name: string, value: string): void {
    const entrySize = name.length + value.length + ENTRY_OVERHEAD;
    // Section 4.4: an entry larger than the table empties it and is not added; that is not an error.
    this.evictTo(this.capacity - entrySize);
    if (entrySize <= this.capacity) {
      this.entries.push([name, value]);
      this.size += entrySize;
    }
  }

  /** Evicts oldest entries until the table holds at most `limit` octets. */
  private evictTo(limit: number): void {
    let evicted = 0;
    while (this.size > limit && evicted < this.entries.length) {
      const [name, value] = this.entries[evicted++];
      this.size -= name.length + value.length + ENTRY_OVERHEAD;
    }
    // One splice rather than a shift per entry, so a large eviction stays linear.
    if (evicted > 0) this.entries.splice(0, evicted);
  }
}

/** Reads a string literal (Section 5.2): a Huffman flag, a 7-bit-prefix length, then the octets. */
function readString(block: Uint8Array, offset: number): { text: string; offset: number } {
  const huffman = offset < block.length && (block[offset] & 0x80) !== 0;
  const length = decodeInteger(block, offset, 7);
  const end = length.offset + length.value;
  if (end > block.length) throw new HpackError('HPACK: truncated string literal');
  const raw = block.subarray(length.offset, end);
  const octets = huffman ? huffmanDecode(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return { text: octets.toString('latin1'), offset: end };
}

/** For each static-table name, its first index, so the encoder can reference names it knows. */
const STATIC_NAME_INDEX: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (let index = STATIC_TABLE_LENGTH; index >= 1; index--) map.set(STATIC_TABLE[index][0], index);
  return map;
})();

/**
 * Encodes a header list as one header block. Every field is a literal without indexing (Section
 * 6.2.2), with the name indexed when the static table has it, and raw (non-Huffman) strings. That keeps
 * the encoder stateless: it never touches the peer's dynamic table, so blocks may be encoded in any
 * order and a failed stream cannot desynchronise the connection. Request headers are small and sent
 * once per call, so the lost compression does not matter.
 *
 * Names and values must be latin1 (every char code at most 0xFF); each char becomes one octet.
 */
export function encodeHeaderBlock(headers: ReadonlyArray<readonly [string, string]>): Buffer {
  const prefix: number[] = [];
  const parts: Buffer[] = [];
  const flush = (): void => {
    parts.push(Buffer.from(prefix));
    prefix.length = 0;
  };
  for (const [name, value] of headers) {
    const nameIndex = STATIC_NAME_INDEX.get(name);
    if (nameIndex !== undefined) {
      encodeInteger(nameIndex, 4, 0x00, prefix);
    } else {
      prefix.push(0x00);
      encodeInteger(name.length, 7, 0x00, prefix);
      flush();
      parts.push(latin1Octets(name));
    }
    encodeInteger(value.length, 7, 0x00, prefix);
    flush();
    parts.push(latin1Octets(value));
  }
  return Buffer.concat(parts);
}

function latin1Octets(text: string): Buffer {
  for (let i = 0; i < text.length; i++) {
    // Buffer.from(text, 'latin1') would silently keep only the low byte of wider chars.
    if (text.charCodeAt(i) > 0xff) {
      throw new RangeError(`HPACK: header text has a char above 0xFF at ${i}; percent-encode it first`);
    }
  }
  return Buffer.from(text, 'latin1');
}
