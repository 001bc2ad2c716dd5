// `spark-connect explain`: asks the server for the plan of one statement and prints it. It goes through
// the engine's explain (src/engine/explain.ts), the same one the extension uses, which never executes
// the statement on any Spark version. The plan text is Spark's own; other renderings hang off ExplainOutput.
import { SparkConnectError } from '../../connect/errors';
import { planToJson } from '../../plan/json';
import { parsePlan } from '../../plan/parse';
import { splitStatements } from '../../sql/split';
import type { ExplainMode } from '../../connect/explain-mode';
import type { CliCommand, ExplainOutput } from '../args';
import { CliError, type StatementOrigin } from '../error-report';
import { ExitCode } from '../exit-codes';
import type { CliIO } from '../io';
import { StatementFailure } from './sql';
import { runWithSession } from './session-scope';

type ExplainCommand = Extract<CliCommand, { kind: 'explain' }>;

/** Turns Spark's explain text into what --tree asks for; 'text' prints it as Spark wrote it. */
export function renderExplain(text: string, mode: ExplainMode, output: ExplainOutput): string {
  switch (output) {
    case 'text':
      return text.endsWith('\n') ? text : `${text}\n`;
    case 'json':
      // The parser never throws; what it cannot place stays in the document's raw text and warnings.
      return `${planToJson(parsePlan(text, { mode }), { space: 2 })}\n`;
  }
}

function withTimeout(signal: AbortSignal, timeoutMs: number | undefined): AbortSignal {
  if (timeoutMs === undefined) return signal;
  return AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
}

export async function runExplain(cmd: ExplainCommand, io: CliIO): Promise<number> {
  const statements = splitStatements(cmd.sql);
  if (statements.length !== 1) {
    throw new CliError(`explain takes one statement, got ${statements.length}.`, ExitCode.usage);
  }
  const statement = statements[0];
  const origin: StatementOrigin = { script: cmd.sql, statement, count: 1 };
  return runWithSession(cmd.connection, io, async (session) => {
    let text: string;
    try {
      text = await session.explainSql(statement.text, undefined, cmd.mode, withTimeout(io.signal, cmd.timeoutMs));
    } catch (err) {
      const timedOut = cmd.timeoutMs !== undefined && !io.signal.aborted
        && err instanceof SparkConnectError && err.reason === 'cancelled';
      throw new StatementFailure(origin, timedOut
        ? new SparkConnectError(`Planning did not finish within ${cmd.timeoutMs! / 1000} s (--timeout).`, { reason: 'deadline', cause: err })
        : err);
    }
    await io.stdout.write(renderExplain(text, cmd.mode, cmd.output));
    return ExitCode.ok;
  });
}
