// Whole-result export. The host asks where to save and writes; this side produces the bytes in pieces of
// about CHUNK_CHARS and waits for each write to finish before making the next, so memory stays flat.
// CSV and JSON lines cover every loaded row in the result's natural order and every column (hidden ones
// too); the Arrow file is Spark's own messages reframed (see src/arrow-format/ipc-file.ts).

import { ArrowFileAssembler } from '../../src/arrow-format/ipc-file';
import type { ExportFormat } from '../../src/protocol/grid';
import { csvHeader, csvRow, jsonRowWriter } from './copy-format';
import type { HostChannel } from './host-channel';
import type { ResultStore } from './result-store';

const CHUNK_CHARS = 1 << 20;

export interface ExportOutcome {
  path: string | null;
  rows: number;
  cancelled: boolean;
}

function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', arrow: 'arrow' };

export async function exportResult(channel: HostChannel, store: ResultStore, format: ExportFormat,
  onProgress: (rows: number) => void): Promise<ExportOutcome> {
  const rows = store.rowCount;
  const base = (store.title || 'result').replace(/[^\w.-]+/g, '_').slice(0, 60) || 'result';
  const begin = await channel.request('export/begin', {
    resultId: store.resultId ?? '', format, suggestedName: `${base}.${EXTENSIONS[format]}`, rows,
  });
  if (begin.exportId === null) return { path: null, rows: 0, cancelled: true };
  const exportId = begin.exportId;
  let seq = 0;
  const send = (data: string | ArrayBuffer) => channel.request('export/chunk', { exportId, seq: seq++, data });
  try {
    if (format === 'arrow') {
      const asm = new ArrowFileAssembler();
      let done = 0;
      for (const s of store.streams) {
        for (const piece of asm.add(s)) await send(exactBuffer(piece));
        done += 1;
        onProgress(Math.round((done / Math.max(1, store.streams.length)) * rows));
      }
      await send(exactBuffer(asm.finish()));
    } else {
      const columns = store.fields.map((_, c) => c);
      const writeJson = format === 'jsonl' ? jsonRowWriter(store, columns) : null;
      let buf = writeJson ? '' : csvHeader(store, columns);
      for (let r = 0; r < rows; r++) {
        buf += writeJson ? writeJson(r) + '\n' : csvRow(store, r, columns);
        if (buf.length >= CHUNK_CHARS) {
          await send(buf);
          buf = '';
          onProgress(r + 1);
        }
      }
      if (buf) await send(buf);
      onProgress(rows);
    }
    const end = await channel.request('export/end', { exportId, abort: false });
    return { path: end.path, rows, cancelled: false };
  } catch (e) {
    // Tell the host to drop the partial file; the original error is what the user needs to see.
    await channel.request('export/end', { exportId, abort: true }).catch(() => undefined);
    throw e;
  }
}
