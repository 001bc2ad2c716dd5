// `spark-connect notebook run in.ipynb [-o out.ipynb]`: runs every code cell in order through the same
// kernel code as the editor (src/notebook), writes the executed notebook with its outputs in the
// encoding VS Code saves, prints one line per cell, and stops at the first failing cell with a non-zero
// exit code (as papermill does for Jupyter), so teams can run notebooks in CI.
import { OperationsModel, type HistoryMemento } from '../../engine/operations-model';
import { NotebookKernel } from '../../notebook/notebook-kernel';
import type { CellOutputData } from '../../notebook/cell-outputs';
import { IpynbFormatError, parseIpynb, serializeIpynb, setCellOutputs } from '../../notebook/ipynb-file';
import type { CellOutcome } from '../../notebook/run-queue';
import type { CliCommand } from '../args';
import { CliError } from '../error-report';
import { ExitCode } from '../exit-codes';
import type { CliIO } from '../io';
import { runWithSession } from './session-scope';
import { ConnectEngineSession } from '../../engine/connect-engine';
import { createClient, prepareSession } from '../connect';

type NotebookCommand = Extract<CliCommand, { kind: 'notebook' }>;

/** The CLI keeps no history between runs. */
class NoHistory implements HistoryMemento {
  get<T>(): T | undefined {
    return undefined;
  }
  update(): PromiseLike<void> {
    return Promise.resolve();
  }
}

interface CellReport {
  cell: number;
  language: string;
  outcome: CellOutcome | 'skipped';
  ms: number;
  outputs: number;
  /** The error's class and message, for a failed cell. */
  error?: string;
}

const decoder = new TextDecoder();

function errorLine(outputs: readonly CellOutputData[]): string | undefined {
  for (const o of outputs) {
    const e = o.items.find((i) => i.mime === 'application/vnd.code.notebook.error');
    if (e) {
      const parsed = JSON.parse(decoder.decode(e.data)) as { name?: string; message?: string; stack?: string };
      return (parsed.stack ?? `${parsed.name}: ${parsed.message}`).split('\n').filter((l) => l.trim() !== '').join(' | ');
    }
  }
  return undefined;
}

export async function runNotebook(cmd: NotebookCommand, io: CliIO): Promise<number> {
  let text: string;
  try {
    text = await io.readText(cmd.input);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot read '${cmd.input}': ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}.`, ExitCode.usage);
  }
  let doc;
  try {
    doc = parseIpynb(text);
  } catch (err) {
    if (err instanceof IpynbFormatError) throw new CliError(`${cmd.input}: ${err.message}.`, ExitCode.usage);
    throw err;
  }
  const output = cmd.output ?? cmd.input;
  if (output === '-' && cmd.format === 'json') throw new CliError('With --format json the summary goes to stdout: give -o FILE for the notebook.', ExitCode.usage);
  const code = doc.cells.filter((c) => c.kind === 'code');
  // The URL without its parameters (a token never reaches a cell's output).
  const remote = cmd.connection.remote?.split(';')[0];
  return runWithSession(cmd.connection, io, async (first) => {
    // spark.stop() in a cell ends the server session; the next cell runs on a fresh one (closed at the end).
    let session = first;
    const fresh: ConnectEngineSession[] = [];
    const kernel = new NotebookKernel({
      session: async () => ({ profile: remote ?? 'remote', session, ...(remote ? { remote } : {}) }),
      endSession: async () => {
        await session.close();
        session = await ConnectEngineSession.open(createClient(cmd.connection, io.logger), io.logger, { signal: io.signal });
        fresh.push(session);
        await prepareSession(session, cmd.connection.conf, io.signal);
      },
      operations: new OperationsModel(new NoHistory(), () => 0),
      logger: io.logger,
      limits: { maxBytes: cmd.maxOutputKB * 1024, previewRows: 100 },
    });
    let order = 0;
    let failed = false;
    for (const cell of code) {
      const outputs: CellOutputData[] = [];
      if (failed) {
        // Not run: clear what an earlier run left, so nothing stale looks fresh.
        setCellOutputs(doc, cell.index, [], null);
        await report(io, cmd, { cell: cell.index + 1, language: cell.language, outcome: 'skipped', ms: 0, outputs: 0 });
        continue;
      }
      const started = Date.now();
      const outcome = await kernel.runCell(
        { source: cell.source, language: cell.language, title: `${cmd.input}, cell ${cell.index + 1}` },
        { append: (o) => outputs.push(o), progress: () => undefined },
        io.signal,
      );
      setCellOutputs(doc, cell.index, outputs, ++order);
      const error = outcome === 'failed' ? errorLine(outputs) : undefined;
      await report(io, cmd, {
        cell: cell.index + 1, language: cell.language, outcome, ms: Date.now() - started, outputs: outputs.length,
        ...(error !== undefined ? { error } : {}),
      });
      if (outcome !== 'succeeded') failed = true;
      if (outcome === 'cancelled') break;
    }
    await Promise.all(fresh.map((s) => s.close().catch(() => undefined)));
    const written = serializeIpynb(doc);
    if (output === '-') await io.stdout.write(written);
    else if (io.writeText) await io.writeText(output, written);
    else throw new CliError('This build cannot write files: give -o - to print the notebook.', ExitCode.internal);
    if (io.signal.aborted) return ExitCode.interrupted;
    return failed ? ExitCode.queryError : ExitCode.ok;
  });
}

async function report(io: CliIO, cmd: NotebookCommand, r: CellReport): Promise<void> {
  if (cmd.format === 'json') {
    await io.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const mark = r.outcome === 'succeeded' ? 'ok' : r.outcome === 'skipped' ? 'not run' : r.outcome;
  const line = `cell ${r.cell} (${r.language}): ${mark}${r.outcome === 'skipped' ? '' : ` in ${r.ms} ms, ${r.outputs} output${r.outputs === 1 ? '' : 's'}`}${r.error ? ` — ${r.error}` : ''}\n`;
  // The notebook itself may be going to stdout; the summary then goes to stderr.
  if (cmd.output === '-') io.stderr(line);
  else await io.stdout.write(line);
}
