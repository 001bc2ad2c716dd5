// Cuts one Arrow IPC stream (schema + record batches, as Spark sends per ExecutePlanResponse) down to its
// first N rows without decoding or re-encoding any column: the server-side row limit asks Spark for
// limit+1 rows (to learn whether more exist) and the extra row must not reach the user.
//
// Only metadata changes: RecordBatch.length, and each top-level FieldNode's length and null_count. Bodies
// are copied unchanged; a buffer longer than its array needs is valid Arrow, and nested children may be
// longer than their parent (offsets and struct children address into them). Null counts are recounted
// from the validity bitmaps of the kept rows, so readers that validate them (pyarrow) agree; when the
// buffer layout cannot be followed (compressed bodies, unions, view types), the original count is kept,
// which is an upper bound and still reads correctly with arrow-js.
import { concatBytes } from './bytes';
import {
  dv, fieldPos, frame, HEADER_RECORD_BATCH, HEADER_SCHEMA, IpcFormatError, messageInfo, readIpcMessages,
} from './ipc-file';

/** Buffers of one node by Arrow's flatbuffer Type id (format/Schema.fbs); undefined: unknown layout. */
const BUFFERS: Record<number, number> = {
  1: 0, // Null (no buffers since metadata V5)
  2: 2, 3: 2, 6: 2, 7: 2, 8: 2, 9: 2, 10: 2, 11: 2, 15: 2, 18: 2, // fixed width: validity + values
  4: 3, 5: 3, 19: 3, 20: 3, // (large) binary and utf8: validity + offsets + data
  12: 2, 17: 2, 21: 2, // (large) list and map: validity + offsets
  13: 1, 16: 1, // struct and fixed-size list: validity
};

interface TopField {
  /** FieldNodes in this field's subtree (pre-order: the field, then its children's). */
  nodes: number;
  /** Buffers in the subtree, or undefined when a type's layout is not known here. */
  buffers: number | undefined;
  /** Whether the field's own first buffer is its validity bitmap. */
  hasValidity: boolean;
}

function vectorAt(view: DataView, table: number, index: number): { start: number; length: number } | undefined {
  const pos = fieldPos(view, table, index);
  if (pos < 0) return undefined;
  const start = pos + view.getUint32(pos, true);
  return { start: start + 4, length: view.getUint32(start, true) };
}

function tableAt(view: DataView, vectorStart: number, k: number): number {
  const p = vectorStart + 4 * k;
  return p + view.getUint32(p, true);
}

function describeField(view: DataView, field: number): TopField {
  const typePos = fieldPos(view, field, 2);
  const typeId = typePos < 0 ? 0 : view.getUint8(typePos);
  const dictionary = fieldPos(view, field, 4) >= 0;
  const own: number | undefined = dictionary ? 2 : BUFFERS[typeId];
  let nodes = 1;
  let buffers: number | undefined = own;
  const children = vectorAt(view, field, 5);
  for (let k = 0; k < (children?.length ?? 0); k++) {
    const child = describeField(view, tableAt(view, children!.start, k));
    nodes += child.nodes;
    buffers = buffers === undefined || child.buffers === undefined ? undefined : buffers + child.buffers;
  }
  return { nodes, buffers, hasValidity: own !== undefined && own > 0 };
}

/** The top-level fields of a Schema message's metadata. */
export function schemaTopFields(schemaMetadata: Uint8Array): TopField[] {
  const info = messageInfo(schemaMetadata);
  if (info.headerType !== HEADER_SCHEMA || info.headerPos < 0) throw new IpcFormatError('expected a schema message');
  const view = dv(schemaMetadata);
  const fields = vectorAt(view, info.headerPos, 1);
  const out: TopField[] = [];
  for (let k = 0; k < (fields?.length ?? 0); k++) out.push(describeField(view, tableAt(view, fields!.start, k)));
  return out;
}

function countNulls(bitmap: Uint8Array, rows: number): number {
  let valid = 0;
  const whole = rows >> 3;
  for (let i = 0; i < whole; i++) {
    let b = bitmap[i];
    while (b) {
      b &= b - 1;
      valid++;
    }
  }
  for (let r = whole * 8; r < rows; r++) if (bitmap[r >> 3] & (1 << (r & 7))) valid++;
  return rows - valid;
}

/** A copy of a RecordBatch message's metadata describing only its first `rows` rows. */
function truncateBatchMetadata(metadata: Uint8Array, body: Uint8Array, fields: TopField[], rows: number): Uint8Array {
  // Uint8Array's slice copies; a Node Buffer's slice (what gRPC hands out) is a view, and writing the new
  // lengths through it changed the received batch itself.
  const out = Uint8Array.prototype.slice.call(metadata);
  const view = dv(out);
  const info = messageInfo(out);
  const rb = info.headerPos;
  const lengthPos = fieldPos(view, rb, 0);
  if (lengthPos < 0) throw new IpcFormatError('record batch without a length');
  view.setBigInt64(lengthPos, BigInt(rows), true);
  const nodes = vectorAt(view, rb, 1);
  const buffers = vectorAt(view, rb, 2);
  // Recount nulls only when every buffer can be attributed to its column and the body is not compressed.
  const totalBuffers = fields.reduce<number | undefined>((n, f) => (n === undefined || f.buffers === undefined ? undefined : n + f.buffers), 0);
  const exact = fieldPos(view, rb, 3) < 0 && buffers !== undefined && totalBuffers === buffers.length;
  let node = 0;
  let buffer = 0;
  for (const f of fields) {
    if (!nodes || node >= nodes.length) throw new IpcFormatError('record batch has fewer field nodes than the schema');
    const at = nodes.start + 16 * node;
    view.setBigInt64(at, BigInt(rows), true);
    if (exact && f.hasValidity) {
      const b = buffers!.start + 16 * buffer;
      const offset = Number(view.getBigInt64(b, true));
      const length = Number(view.getBigInt64(b + 8, true));
      const nulls = length === 0 ? 0 : countNulls(body.subarray(offset, offset + length), rows);
      view.setBigInt64(at + 8, BigInt(nulls), true);
    } else if (exact && !f.hasValidity) {
      view.setBigInt64(at + 8, BigInt(f.buffers === 0 ? rows : 0), true); // a Null column is all nulls
    }
    node += f.nodes;
    buffer += f.buffers ?? 0;
  }
  return out;
}

/** The end-of-stream marker: continuation + zero length. */
const EOS = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * The same IPC stream holding only its first `keepRows` rows (batches past them are dropped, the schema
 * stays). Returns the input itself when it has no more rows than that.
 */
export function truncateIpcStream(stream: Uint8Array, keepRows: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let fields: TopField[] | undefined;
  let seen = 0;
  let changed = false;
  for (const m of readIpcMessages(stream)) {
    if (m.headerType === HEADER_SCHEMA) {
      fields = schemaTopFields(m.metadata);
      parts.push(frame(m));
      continue;
    }
    if (m.headerType !== HEADER_RECORD_BATCH) {
      parts.push(frame(m));
      continue;
    }
    if (!fields) throw new IpcFormatError('record batch before schema');
    const view = dv(m.metadata);
    const lengthPos = fieldPos(view, messageInfo(m.metadata).headerPos, 0);
    const length = lengthPos < 0 ? 0 : Number(view.getBigInt64(lengthPos, true));
    const room = Math.max(0, keepRows - seen);
    seen += length;
    if (length <= room) {
      parts.push(frame(m));
      continue;
    }
    changed = true;
    if (room === 0) continue;
    parts.push(frame({ ...m, metadata: truncateBatchMetadata(m.metadata, m.body, fields, room) }));
  }
  if (!changed) return stream;
  parts.push(EOS);
  return concatBytes(parts);
}

/** Rows in an IPC stream, from the record batch headers (nothing is decoded). */
export function ipcRowCount(stream: Uint8Array): number {
  let rows = 0;
  for (const m of readIpcMessages(stream)) {
    if (m.headerType !== HEADER_RECORD_BATCH) continue;
    const view = dv(m.metadata);
    const lengthPos = fieldPos(view, messageInfo(m.metadata).headerPos, 0);
    if (lengthPos >= 0) rows += Number(view.getBigInt64(lengthPos, true));
  }
  return rows;
}
