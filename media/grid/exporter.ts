// Whole-result export. The host holds every batch of the result (the webview may hold only one page of a
// large one), so it asks where to save and writes the file itself, streamed to disk: CSV, JSON lines or an
// Arrow IPC file. This side only names the file and reports the outcome. After a memory budget stop the
// host holds only part of the result; then exportWholeResult asks it to re-run the query into the file.

import type { ExportFormat } from '../../src/protocol/grid';
import type { HostChannel } from './host-channel';
import type { ResultStore } from './result-store';

export interface ExportOutcome {
  path: string | null;
  rows: number;
  cancelled: boolean;
}

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', arrow: 'arrow' };

/** A file name from the result's title: word characters, dots and dashes only. */
export function suggestedFileName(title: string, format: ExportFormat): string {
  const base = title.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'result';
  return `${base}.${EXTENSIONS[format]}`;
}

export async function exportResult(channel: HostChannel, store: ResultStore, format: ExportFormat): Promise<ExportOutcome> {
  const out = await channel.request('export/save', {
    resultId: store.resultId ?? '', format, suggestedName: suggestedFileName(store.title, format),
  });
  return { path: out.path, rows: out.rows, cancelled: out.path === null };
}

/** Re-runs the query and streams the whole result to a file (offered after a memory budget stop). */
export async function exportWholeResult(channel: HostChannel, store: ResultStore, format: ExportFormat): Promise<ExportOutcome> {
  const out = await channel.request('result/exportAll', {
    resultId: store.resultId ?? '', format, suggestedName: suggestedFileName(store.title, format),
  });
  return { path: out.path, rows: out.rows, cancelled: out.path === null };
}
