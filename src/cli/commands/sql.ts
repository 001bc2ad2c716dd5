// `spark-connect sql`: runs one statement or a script, printing each result as it streams in. The
// statements run one after the other in one session (so a CREATE TEMP VIEW is visible to the next
// statement) and the first failure stops the script.
import type { ConnectEngineSession } from '../../engine/connect-engine';
import { SparkConnectError } from '../../connect/errors';
import { splitStatements, type SqlStatement } from '../../sql/split';
import type { CliCommand } from '../args';
import { CliError, type StatementOrigin } from '../error-report';
import { ExitCode } from '../exit-codes';
import type { CliIO } from '../io';
import { printBatches } from '../output/print-batches';
import type { CellContext } from '../output/writer';
import { runWithSession } from './session-scope';

type SqlCommand = Extract<CliCommand, { kind: 'sql' }>;

/** Thrown with the statement it concerns, so the error report can point into the script. */
export class StatementFailure extends Error {
  constructor(readonly origin: StatementOrigin, readonly error: unknown) {
    super('statement failed');
    this.name = 'StatementFailure';
  }
}

async function readScript(cmd: SqlCommand, io: CliIO): Promise<{ script: string; file?: string }> {
  if (cmd.source.kind === 'text') return { script: cmd.source.text };
  const file = cmd.source.path === '-' ? '<stdin>' : cmd.source.path;
  try {
    return { script: await io.readText(cmd.source.path), file };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot read '${cmd.source.path}': ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}.`, ExitCode.usage);
  }
}

interface StatementSignal {
  signal: AbortSignal;
  /** The error to report instead of "cancelled" when --timeout is what stopped the statement. */
  timeoutError(): SparkConnectError | undefined;
  dispose(): void;
}

/** A per-statement signal: aborted on Ctrl+C, and when --timeout expires. */
function statementSignal(io: CliIO, timeoutMs: number | undefined): StatementSignal {
  if (timeoutMs === undefined) return { signal: io.signal, timeoutError: () => undefined, dispose: () => undefined };
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(io.signal.reason);
  io.signal.addEventListener('abort', onAbort, { once: true });
  let expired: SparkConnectError | undefined;
  const timer = setTimeout(() => {
    expired = new SparkConnectError(
      `The statement did not finish within ${timeoutMs / 1000} s (--timeout); it was interrupted on the server.`,
      { reason: 'deadline' },
    );
    controller.abort(expired);
  }, timeoutMs);
  return {
    signal: controller.signal,
    timeoutError: () => expired,
    dispose: () => {
      clearTimeout(timer);
      io.signal.removeEventListener('abort', onAbort);
    },
  };
}

/** Runs one statement and streams its result to stdout; returns whether anything was printed. */
async function runStatement(
  session: ConnectEngineSession, cmd: SqlCommand, io: CliIO, statement: SqlStatement, ctx: CellContext, separate: boolean,
): Promise<boolean> {
  const { signal, timeoutError, dispose } = statementSignal(io, cmd.timeoutMs);
  try {
    return await printBatches(cmd, io.stdout, ctx, separate, session.streamBatches(statement.text, undefined, signal));
  } catch (err) {
    throw timeoutError() ?? err;
  } finally {
    dispose();
  }
}

export async function runSql(cmd: SqlCommand, io: CliIO): Promise<number> {
  const { script, file } = await readScript(cmd, io);
  const statements = splitStatements(script);
  if (statements.length === 0) throw new CliError(`No SQL statement in ${file ?? 'the argument'}.`, ExitCode.usage);
  return runWithSession(cmd.connection, io, async (session, timeZone) => {
    const ctx: CellContext = { timeZone };
    let printedBefore = false;
    for (const statement of statements) {
      const started = Date.now();
      try {
        const printed = await runStatement(session, cmd, io, statement, ctx, printedBefore);
        printedBefore ||= printed;
      } catch (err) {
        throw new StatementFailure({ script, statement, count: statements.length, file }, err);
      }
      io.logger.info(`statement ${statement.index + 1}/${statements.length} done in ${Date.now() - started} ms`);
    }
    return ExitCode.ok;
  });
}
