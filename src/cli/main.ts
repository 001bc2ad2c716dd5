// Dispatch: argv in, exit code out. Every failure ends here and becomes one report on stderr.
import { parseArgs } from './args';
import { runExplain } from './commands/explain';
import { runNotebook } from './commands/notebook';
import { runFormat } from './commands/format';
import { PySparkActionFailure, runPySparkFile } from './commands/pyspark';
import { CHECK_HELP, parseCheckArgs } from './check-args';
import { runCheck } from './commands/check';
import { runSql, StatementFailure } from './commands/sql';
import { runVersion } from './commands/version';
import { reportError, verboseStack } from './error-report';
import { ExitCode } from './exit-codes';
import { stderrLogger, type CliIO } from './io';
import { helpText } from './usage';
import { redactingLogger } from '../connect/logger';
import { redactSecrets } from '../connect/redact';

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: Omit<CliIO, 'logger'>): Promise<number> {
  let verbose = false;
  try {
    // format needs no server and has options of its own: it is parsed by its own command file.
    if (argv[0] === 'format') return await runFormat(argv.slice(1), io);
    if (argv[0] === 'check') {
      // Parsed on its own (check-args.ts); it reuses the connection options of the other commands.
      const check = parseCheckArgs(argv.slice(1), env);
      if (check.kind === 'help') {
        await io.stdout.write(CHECK_HELP);
        return ExitCode.ok;
      }
      verbose = check.connection.verbose;
      return await runCheck(check, { ...io, logger: redactingLogger(stderrLogger((t) => io.stderr(t), verbose)) });
    }
    const cmd = parseArgs(argv, env);
    if (cmd.kind === 'help') {
      await io.stdout.write(helpText(cmd.command));
      return ExitCode.ok;
    }
    verbose = cmd.connection.verbose;
    const full: CliIO = { ...io, logger: redactingLogger(stderrLogger((t) => io.stderr(t), verbose)) };
    switch (cmd.kind) {
      case 'sql':
        return await runSql(cmd, full);
      case 'explain':
        return await runExplain(cmd, full);
      case 'notebook':
        return await runNotebook(cmd, full);
      case 'version':
        return await runVersion(cmd, full);
      case 'pyspark':
        return await runPySparkFile(cmd, full);
    }
  } catch (err) {
    const failure = err instanceof StatementFailure ? err : undefined;
    const action = err instanceof PySparkActionFailure ? err : undefined;
    const report = reportError(failure ? failure.error : action ? action.error : err, failure?.origin, verbose);
    // A PySpark action points at its line in the file (the server's positions are not Python's).
    if (action && report.text && report.exitCode !== ExitCode.interrupted) report.text += redactSecrets(action.where);
    // After Ctrl+C, whatever failed (the stream, a config call) failed because we cancelled it.
    if (io.signal.aborted && report.exitCode !== ExitCode.ok) {
      io.stderr('Interrupted: the running operation was cancelled on the server.\n');
      return ExitCode.interrupted;
    }
    if (report.text) io.stderr(report.text);
    const stack = verbose && report.exitCode === ExitCode.internal ? verboseStack(err) : undefined;
    if (stack !== undefined) io.stderr(stack);
    return report.exitCode;
  }
}
