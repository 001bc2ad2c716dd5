// `spark-connect pyspark file.py`: runs PySpark code through the same runner and engine session as the
// editor, and prints what its actions show, in order: DataFrames (show(n), display(df), a bare
// expression) through the --format writers as they stream in, values and printed text as lines,
// explain() as Spark's plan text; writes are reported on stderr so stdout holds only results.
// Exit codes as for `sql`; code the runner refuses (a UDF, a parse error) is a query error (1) with
// its line and column, and nothing is sent.
import type { ConnectEngineSession } from '../../engine/connect-engine';
import { isPySparkError } from '../../engine/pyspark-session';
import { runPySparkPresenting } from '../../engine/pyspark-outputs';
import type { PySparkOutput, SourceSpan } from '../../pyspark/run-api';
import { SparkConnectError } from '../../connect/errors';
import type { CliCommand } from '../args';
import { CliError, describePosition } from '../error-report';
import { ExitCode } from '../exit-codes';
import type { CliIO } from '../io';
import { printBatches } from '../output/print-batches';
import type { CellContext } from '../output/writer';
import { runWithSession } from './session-scope';

type PySparkCommand = Extract<CliCommand, { kind: 'pyspark' }>;

/** A server error raised by one action of the file: reported like any server error, plus where the action is. */
export class PySparkActionFailure extends Error {
  constructor(readonly error: unknown, readonly where: string) {
    super('PySpark action failed');
    this.name = 'PySparkActionFailure';
  }
}

function originOf(source: string, file: string, span: { from: number; to: number }) {
  const statement = { index: 0, text: source, start: 0, end: source.length, terminatorEnd: source.length, isScript: false };
  return describePosition({ script: source, statement, count: 1, file }, { start: span.from, end: Math.max(span.to, span.from + 1) });
}

async function readSource(cmd: PySparkCommand, io: CliIO): Promise<string> {
  try {
    return await io.readText(cmd.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot read '${cmd.path}': ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}.`, ExitCode.usage);
  }
}

function withTimeout(signal: AbortSignal, timeoutMs: number | undefined): AbortSignal {
  return timeoutMs === undefined ? signal : AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
}

/** Prints one DataFrame through the --format writer; returns whether it printed a result. */
async function printDataFrame(
  session: ConnectEngineSession, cmd: PySparkCommand, io: CliIO, out: Extract<PySparkOutput, { kind: 'dataframe' }>,
  ctx: CellContext, separate: boolean, limit: number | undefined, signal: AbortSignal,
): Promise<boolean> {
  return printBatches(cmd, io.stdout, ctx, separate, session.streamDataFrame(out.df, limit, signal));
}

export async function runPySparkFile(cmd: PySparkCommand, io: CliIO): Promise<number> {
  const source = await readSource(cmd, io);
  const file = cmd.path === '-' ? '<stdin>' : cmd.path;
  return runWithSession(cmd.connection, io, async (session, timeZone) => {
    const signal = withTimeout(io.signal, cmd.timeoutMs);
    const ctx: CellContext = { timeZone };
    const at = (span: SourceSpan) => originOf(source, file, span).join('\n');
    let printedBefore = false;
    try {
      // Each output is printed as its action runs, so stdout follows the order of the code.
      await runPySparkPresenting(session.pyspark, source, { fileName: file, signal }, {
        dataFrame: async (out, limit) => {
          printedBefore = (await printDataFrame(session, cmd, io, out, ctx, printedBefore, limit, signal)) || printedBefore;
        },
        explain: async (out) => {
          const text = await session.pyspark.explainDataFrame(out.df, out.mode, signal);
          await io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        },
        text: async (out) => {
          if (out.kind === 'write') io.stderr(`${out.text}\n`);
          else await io.stdout.write(`${out.text}\n`);
        },
      }, undefined);
    } catch (err) {
      if (isPySparkError(err)) {
        throw new CliError(`${file}:${err.span.line}:${err.span.column}: ${err.message}\n${at(err.span)}`, ExitCode.queryError);
      }
      // The runner knows the action (or the output being printed) an error belongs to.
      const span = session.pyspark.errorSpan(err);
      if (span) throw new PySparkActionFailure(timedOut(err, cmd, io) ?? err, `${at(span)}\n`);
      throw timedOut(err, cmd, io) ?? err;
    }
    return ExitCode.ok;
  });
}

/** The error to report when --timeout (not Ctrl+C) stopped the run. */
function timedOut(err: unknown, cmd: PySparkCommand, io: CliIO): SparkConnectError | undefined {
  if (cmd.timeoutMs === undefined || io.signal.aborted) return undefined;
  if (!(err instanceof SparkConnectError) || err.reason !== 'cancelled') return undefined;
  return new SparkConnectError(`The run did not finish within ${cmd.timeoutMs / 1000} s (--timeout); it was interrupted on the server.`, { reason: 'deadline', cause: err });
}
