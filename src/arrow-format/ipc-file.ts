// Assembles an Arrow IPC *file* (.arrow, random-access format) from the IPC *streams* Spark sends, one
// piece at a time so an export can be written to disk as it goes. The messages are copied byte for byte;
// only the file framing and the footer are written here.
//
// Why not arrow-js's RecordBatchFileWriter: it writes batch.schema, and arrow-js builds that schema with
// Schema.assign, which merges same-named fields, so a result with duplicate column names would be written
// with a wrong type. Copying Spark's own schema message avoids that and keeps the bundle smaller.
//
// Layout (Arrow columnar format spec, "IPC File Format"): "ARROW1\0\0", the stream messages (schema,
// record batches, end-of-stream marker), the Footer flatbuffer, its int32 length, "ARROW1". The footer
// lists each record batch's Block {offset, metaDataLength, bodyLength} and repeats the schema. The schema
// table is reused from the schema message: flatbuffer offsets are relative, so the message's bytes can be
// appended after the footer table and pointed into.

const CONTINUATION = 0xffffffff;
const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
export const HEADER_SCHEMA = 1;
export const HEADER_DICTIONARY = 2;
export const HEADER_RECORD_BATCH = 3;

export class IpcFormatError extends Error {
  constructor(detail: string) {
    super(`not an Arrow IPC stream: ${detail}`);
    this.name = 'IpcFormatError';
  }
}

export interface IpcMessage {
  headerType: number;
  /** The Message flatbuffer, padded to 8 bytes. */
  metadata: Uint8Array;
  body: Uint8Array;
}

export function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Reads field `index` of a flatbuffer table: its absolute position, or -1 when absent. */
export function fieldPos(view: DataView, table: number, index: number): number {
  const vtable = table - view.getInt32(table, true);
  const vsize = view.getUint16(vtable, true);
  const at = 4 + 2 * index;
  if (at + 2 > vsize) return -1;
  const off = view.getUint16(vtable + at, true);
  return off === 0 ? -1 : table + off;
}

export interface MessageInfo {
  headerType: number;
  /** Position of the header table (Schema, RecordBatch...) inside the metadata bytes. */
  headerPos: number;
  bodyLength: number;
}

export function messageInfo(metadata: Uint8Array): MessageInfo {
  const view = dv(metadata);
  if (metadata.byteLength < 8) throw new IpcFormatError('message metadata too short');
  const table = view.getUint32(0, true);
  const typePos = fieldPos(view, table, 1);
  const headerType = typePos < 0 ? 0 : view.getUint8(typePos);
  const headerField = fieldPos(view, table, 2);
  const headerPos = headerField < 0 ? -1 : headerField + view.getUint32(headerField, true);
  const lenPos = fieldPos(view, table, 3);
  const bodyLength = lenPos < 0 ? 0 : Number(view.getBigInt64(lenPos, true));
  return { headerType, headerPos, bodyLength };
}

/** The messages of one IPC stream, up to its end-of-stream marker (or the end of the bytes). */
export function* readIpcMessages(stream: Uint8Array): Generator<IpcMessage> {
  const view = dv(stream);
  let pos = 0;
  while (pos + 4 <= stream.byteLength) {
    let len = view.getUint32(pos, true);
    pos += 4;
    if (len === CONTINUATION) {
      if (pos + 4 > stream.byteLength) throw new IpcFormatError('truncated length prefix');
      len = view.getUint32(pos, true);
      pos += 4;
    }
    if (len === 0) return;
    if (pos + len > stream.byteLength) throw new IpcFormatError('truncated message metadata');
    const metadata = stream.subarray(pos, pos + len);
    pos += len;
    const info = messageInfo(metadata);
    if (pos + info.bodyLength > stream.byteLength) throw new IpcFormatError('truncated message body');
    const body = stream.subarray(pos, pos + info.bodyLength);
    pos += info.bodyLength;
    yield { headerType: info.headerType, metadata, body };
  }
}

interface Block {
  offset: number;
  metaDataLength: number;
  bodyLength: number;
}

export function pad8(n: number): number {
  return (n + 7) & ~7;
}

/** Frames a message as the file needs it: continuation marker, padded length, metadata, body. */
export function frame(m: IpcMessage): Uint8Array {
  const metaLen = pad8(m.metadata.byteLength);
  const out = new Uint8Array(8 + metaLen + pad8(m.body.byteLength));
  const view = dv(out);
  view.setUint32(0, CONTINUATION, true);
  view.setUint32(4, metaLen, true);
  out.set(m.metadata, 8);
  out.set(m.body, 8 + metaLen);
  return out;
}

/**
 * Builds the file incrementally: start() with the first stream, add() every further stream, finish() once.
 * Each call returns the bytes to append to the file, in order.
 */
export class ArrowFileAssembler {
  private offset = 0;
  private schemaMetadata: Uint8Array | undefined;
  private readonly batches: Block[] = [];
  private readonly dictionaries: Block[] = [];

  get recordBatchCount(): number {
    return this.batches.length;
  }

  /** Bytes for the given stream; the first call also emits the file header and the schema message. */
  add(stream: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    const emit = (b: Uint8Array) => {
      out.push(b);
      this.offset += b.byteLength;
    };
    if (this.offset === 0) emit(Uint8Array.from([...MAGIC, 0, 0]));
    for (const m of readIpcMessages(stream)) {
      if (m.headerType === HEADER_SCHEMA) {
        // Every Spark batch repeats the schema; the file holds it once.
        if (!this.schemaMetadata) {
          this.schemaMetadata = m.metadata;
          emit(frame(m));
        }
        continue;
      }
      if (!this.schemaMetadata) throw new IpcFormatError('record batch before schema');
      const framed = frame(m);
      const block = { offset: this.offset, metaDataLength: 8 + pad8(m.metadata.byteLength), bodyLength: pad8(m.body.byteLength) };
      if (m.headerType === HEADER_RECORD_BATCH) this.batches.push(block);
      else if (m.headerType === HEADER_DICTIONARY) this.dictionaries.push(block);
      else continue;
      emit(framed);
    }
    return out;
  }

  /** End-of-stream marker, footer, footer length, trailing magic. */
  finish(): Uint8Array {
    if (!this.schemaMetadata) throw new IpcFormatError('no schema: nothing was added');
    const footer = this.footer(this.schemaMetadata);
    const out = new Uint8Array(8 + footer.byteLength + 4 + 6);
    const view = dv(out);
    view.setUint32(0, CONTINUATION, true);
    view.setUint32(4, 0, true);
    out.set(footer, 8);
    view.setInt32(8 + footer.byteLength, footer.byteLength, true);
    out.set(MAGIC, 8 + footer.byteLength + 4);
    this.offset += out.byteLength;
    return out;
  }

  private footer(schemaMessage: Uint8Array): Uint8Array {
    const info = messageInfo(schemaMessage);
    if (info.headerType !== HEADER_SCHEMA || info.headerPos < 0) throw new IpcFormatError('bad schema message');
    // root uoffset (4) | vtable (12) | table (20) | pad to 8 | dictionaries vector | batches vector | schema msg
    const vtable = 4;
    const table = 16;
    const tableSize = 20;
    const vecBytes = (n: number) => 8 + n * 24; // uint32 length + pad so the 24-byte structs sit 8-aligned
    const dictsAt = pad8(table + tableSize) + 4; // +4: the length precedes 8-aligned elements
    const batchesAt = dictsAt - 4 + vecBytes(this.dictionaries.length) + 4;
    const schemaAt = batchesAt - 4 + vecBytes(this.batches.length);
    const total = pad8(schemaAt + schemaMessage.byteLength);
    const out = new Uint8Array(total);
    const v = dv(out);
    v.setUint32(0, table, true);
    v.setUint16(vtable, 12, true);
    v.setUint16(vtable + 2, tableSize, true);
    v.setUint16(vtable + 4, 4, true); // version
    v.setUint16(vtable + 6, 8, true); // schema
    v.setUint16(vtable + 8, 12, true); // dictionaries
    v.setUint16(vtable + 10, 16, true); // recordBatches
    v.setInt32(table, table - vtable, true);
    v.setInt16(table + 4, 4, true); // MetadataVersion.V5
    const schemaTable = schemaAt + info.headerPos;
    v.setUint32(table + 8, schemaTable - (table + 8), true);
    v.setUint32(table + 12, dictsAt - (table + 12), true);
    v.setUint32(table + 16, batchesAt - (table + 16), true);
    const writeBlocks = (at: number, blocks: Block[]) => {
      v.setUint32(at, blocks.length, true);
      blocks.forEach((b, k) => {
        const p = at + 4 + k * 24;
        v.setBigInt64(p, BigInt(b.offset), true);
        v.setInt32(p + 8, b.metaDataLength, true);
        v.setBigInt64(p + 16, BigInt(b.bodyLength), true);
      });
    };
    writeBlocks(dictsAt, this.dictionaries);
    writeBlocks(batchesAt, this.batches);
    out.set(schemaMessage, schemaAt);
    return out;
  }
}
