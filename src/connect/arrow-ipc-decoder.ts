// A direct decoder for the Arrow IPC streams Spark Connect sends: each response carries one small
// stream (a schema message, then one record batch). apache-arrow's RecordBatchReader reads any source
// (files, Node and DOM streams, async iterables) through a generic byte-stream layer, and in a
// 10-million-row result that layer, plus decoding the same schema a thousand times, cost more client
// CPU than the network did. Here the messages are framed straight from the bytes in hand, the schema
// is decoded once per result while its bytes stay the same, and the columns are loaded by Arrow's own
// VectorLoader, so the Data objects are exactly what RecordBatchReader builds. Anything outside that
// common shape (dictionaries, compressed bodies, a batch before any schema, malformed framing) goes
// to RecordBatchReader, which handles it or says what is wrong.
import { Message, MessageHeader, RecordBatch, RecordBatchReader, Schema, Struct, makeData } from 'apache-arrow';
import type { RecordBatch as RecordBatchHeader } from 'apache-arrow/ipc/metadata/message';
import { VectorLoader } from 'apache-arrow/visitor/vectorloader';

const CONTINUATION = -1;

/** A run of messages found in one IPC stream, or undefined when it needs the general reader. */
interface Framed {
  schemaBytes?: Uint8Array;
  schema?: Schema;
  batches: Array<{ header: RecordBatchHeader; body: Uint8Array; metadata: Map<string, string> }>;
}

/** An 8-byte aligned copy of `body` (typed arrays over Int64, Float64 and the like need it). */
function aligned(body: Uint8Array): Uint8Array {
  if (body.byteOffset % 8 === 0) return body;
  // allocUnsafeSlow: its own ArrayBuffer (offset 0, never from Node's shared pool) and not zeroed
  // first, since every byte is overwritten at once.
  const copy = Buffer.allocUnsafeSlow(body.byteLength);
  copy.set(body);
  return copy;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || a.byteLength !== b.byteLength) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/**
 * Decodes the IPC streams of one result. Keep one decoder per result: it remembers the schema, whose
 * flatbuffer is then decoded again only when its bytes change (Spark repeats it in every response).
 */
export class IpcDecoder {
  private schemaBytes?: Uint8Array;
  private schema?: Schema;

  /** The record batches in one complete IPC stream. */
  decode(data: Uint8Array): RecordBatch[] {
    const framed = this.frame(data);
    if (framed === undefined) return RecordBatchReader.from(data).readAll();
    const out: RecordBatch[] = [];
    for (const { header, body, metadata } of framed.batches) {
      const schema = framed.schema;
      if (schema === undefined) return RecordBatchReader.from(data).readAll();
      const children = new VectorLoader(aligned(body), header.nodes, header.buffers, new Map(), schema.metadataVersion,
        header.variadicBufferCounts).visitMany(schema.fields);
      const struct = makeData({ type: new Struct(schema.fields), length: header.length, children });
      out.push(new RecordBatch(schema, struct, metadata));
    }
    return out;
  }

  /** Splits the stream into messages; undefined for anything this fast path does not take. */
  private frame(data: Uint8Array): Framed | undefined {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const framed: Framed = { batches: [] };
    let pos = 0;
    while (pos + 4 <= data.byteLength) {
      let length = view.getInt32(pos, true);
      pos += 4;
      if (length === CONTINUATION) {
        if (pos + 4 > data.byteLength) return undefined;
        length = view.getInt32(pos, true);
        pos += 4;
      }
      if (length === 0) break; // end-of-stream marker
      if (length < 0 || pos + length > data.byteLength) return undefined;
      const metaBytes = data.subarray(pos, pos + length);
      pos += length;
      const message = Message.decode(metaBytes);
      const bodyLength = Number(message.bodyLength);
      if (!Number.isSafeInteger(bodyLength) || bodyLength < 0 || pos + bodyLength > data.byteLength) return undefined;
      const body = data.subarray(pos, pos + bodyLength);
      pos += bodyLength;
      if (message.headerType === MessageHeader.Schema) {
        if (framed.schema !== undefined || framed.batches.length > 0) return undefined;
        if (sameBytes(this.schemaBytes, metaBytes) && this.schema !== undefined) {
          framed.schema = this.schema;
        } else {
          const schema = message.header() as Schema;
          if (schema.dictionaries.size > 0) return undefined;
          this.schema = schema;
          this.schemaBytes = metaBytes.slice();
          framed.schema = schema;
        }
      } else if (message.headerType === MessageHeader.RecordBatch) {
        const header = message.header() as RecordBatchHeader;
        if (header.compression != null) return undefined;
        framed.batches.push({ header, body, metadata: message.metadata });
      } else {
        return undefined;
      }
    }
    return framed;
  }
}
