// `spark-connect check [--remote URL] [--format text|json] file.sql...`: parsed apart from args.ts so
// that the other commands' table stays as it is. Connection options are the other commands' own: they
// are handed to parseArgs as a `version` command line, which validates them the same way.
import { parseArgs, UsageError, type ConnectionArgs } from './args';

export type CheckFormat = 'text' | 'json';

export type CheckCommand =
  | { kind: 'help' }
  | { kind: 'check'; files: string[]; format: CheckFormat; connection: ConnectionArgs };

// Connection options that take a value (the value may follow as the next argument).
const VALUE_OPTIONS = new Set(['--remote', '-r', '--ca-cert', '--client-cert', '--client-key', '--server-name', '--token-file',
  '--connect-timeout', '--stream-transport']);

export function parseCheckArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CheckCommand {
  const files: string[] = [];
  const connection: string[] = [];
  let format: CheckFormat | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return { kind: 'help' };
    if (a === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--format' || a.startsWith('--format=')) {
      if (format !== undefined) throw new UsageError("Option '--format' was given more than once.");
      const v = a === '--format' ? argv[++i] : a.slice('--format='.length);
      if (v !== 'text' && v !== 'json') throw new UsageError(`Option '--format' must be one of text, json; got '${v ?? ''}'.`);
      format = v;
    } else if (a.startsWith('-') && a !== '-') {
      connection.push(a);
      if (VALUE_OPTIONS.has(a) && i + 1 < argv.length) connection.push(argv[++i]);
    } else {
      files.push(a);
    }
  }
  if (files.length === 0) throw new UsageError('check needs at least one file: spark-connect check [--remote URL] file.sql...');
  const parsed = parseArgs(['version', ...connection], env);
  if (parsed.kind !== 'version') return { kind: 'help' };
  return { kind: 'check', files, format: format ?? 'text', connection: parsed.connection };
}

export const CHECK_HELP = `Usage: spark-connect check [options] file.sql...

Checks Spark SQL files without running anything: syntax errors from the bundled grammar, and, with a
server (--remote or SPARK_REMOTE), the server's analysis of every query (unknown tables and columns,
type errors, Spark-version syntax), asked through AnalyzePlan of the query wrapped so that nothing can
execute. Commands (DDL, DML) are checked for syntax only.

Options:
  --format text|json   text: "file:line:col severity error-class message" per problem (default);
                       json: an array of {file, line, column, endLine, endColumn, severity, code, message, origin}
  -r, --remote URL     the server to analyze with; the other connection options of 'sql' apply too

Exit codes: 0 no errors, 1 errors found, 2 usage error, 3 connection error.
`;
