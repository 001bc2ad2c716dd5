// "Export the whole result" of a result that stopped at the memory budget: the statement runs again and
// every batch goes straight to the export file (ExportFile), none is kept. The sink's whenWritten() is the
// pending writes' promise, which the query runner awaits after each batch, so a slow disk slows the reading of the result instead of
// piling batches up in memory. Cancel interrupts the re-run and removes the half-written file.
// No vscode: the caller supplies the save path, the re-run and the progress display.
import type { ResultColumn } from '../../engine/engine';
import type { ControlledResultSetInfo, RunOutcome } from '../../engine/query-runner';
import type { ExportFormat } from '../../protocol/grid';
import type { ResultSink, ResultsPresenter } from '../../engine/result-sink';
import { ExportFile, type ExportOutcome } from './result-export';
import type { TextExportOptions } from './export-text';

export interface StreamedExportOptions extends TextExportOptions {
  /** Rows and file bytes written so far, after each batch. */
  onProgress?(rows: number, bytes: number): void;
  /** Cancels the export: the re-run is interrupted and the file removed. */
  signal?: AbortSignal;
}

export class ExportCancelledError extends Error {
  constructor() {
    super('The export was cancelled.');
    this.name = 'ExportCancelledError';
  }
}

/**
 * Re-runs a statement through `rerun` (RunControls.rerun with no row limit) and streams its result into
 * `path`. Resolves with what was written; rejects (and removes the file) when the run fails, is cancelled
 * or the file cannot be written.
 */
export async function exportByRerun(
  rerun: (presenter: ResultsPresenter) => Promise<RunOutcome>, format: ExportFormat, path: string,
  options: StreamedExportOptions = {},
): Promise<ExportOutcome> {
  options.signal?.throwIfAborted();
  const file = await ExportFile.open(path, format, options);
  let chain: Promise<void> = Promise.resolve();
  let writeError: unknown;
  let run: ControlledResultSetInfo | undefined;
  let failure: string | undefined;
  const onAbort = (): void => run?.cancel?.();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const presenter: ResultsPresenter = {
    open: (info: ControlledResultSetInfo, _columns: ResultColumn[] | undefined): ResultSink => {
      run = info;
      if (options.signal?.aborted) info.cancel?.();
      return {
        addBatch: (data) => {
          // Batches are written in order, one after the other; the runner waits for each.
          chain = chain.then(async () => {
            if (writeError !== undefined) return;
            try {
              await file.add(data);
              options.onProgress?.(file.rows, file.bytes);
            } catch (err) {
              writeError = err;
              info.cancel?.();
            }
          });
        },
        whenWritten: () => chain,
        complete: () => undefined,
        fail: (f) => {
          failure = f.cancelled ? undefined : f.message;
        },
      };
    },
  };
  try {
    const outcome = await rerun(presenter);
    await chain;
    if (writeError !== undefined) throw writeError;
    if (options.signal?.aborted || outcome.status === 'cancelled') throw new ExportCancelledError();
    if (outcome.status === 'failed') throw new Error(failure ?? outcome.failure.message);
    return await file.finish();
  } catch (err) {
    await chain.catch(() => undefined);
    await file.abort();
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
