// `spark-connect format [--check] [options] FILE...`: formats Spark SQL files in place with the editor's
// formatter (src/sql-format/), or with --check lists the files that formatting would change and exits 1.
// FILE '-' reads standard input and writes the result to standard output. Nothing connects to a server.
// Statements the formatter keeps as written because formatting would change their meaning are reported
// on stderr as FILE:LINE:COL: warning: reason.
import { UsageError } from '../args';
import { ExitCode } from '../exit-codes';
import type { CliIO } from '../io';
import { DEFAULT_FORMAT_OPTIONS, KEYWORD_CASES, type KeywordCase, type SqlFormatOptions } from '../../sql-format/options';

export const FORMAT_HELP = `Usage: spark-connect format [--check] [options] FILE...

Formats Spark SQL files in place: each statement on its own, keeping |>, =>, ::, :param, ?, \${var} and
comments exactly. A statement whose tokens formatting would change is kept as written and reported on
stderr (FILE:LINE:COL: warning: reason); SQL scripts (BEGIN ... END) are indented by block, and
SET/RESET/ADD/LIST statements are kept as written. FILE '-' reads standard input and writes to standard output.

  --check                    change nothing: print the files that formatting would change, one per
                             line, and exit 1 if there is any
  --keyword-case preserve|upper|lower   default preserve
  --indent N                 spaces per indentation level (default 2)
  --lines-between N          empty lines between statements (default 1)

Exit codes: 0 done (or nothing to change), 1 --check found files to change, 2 usage error or a file
that cannot be read or written.
`;

export interface FormatArgs {
  check: boolean;
  files: string[];
  options: SqlFormatOptions;
}

function count(name: string, text: string | undefined, max: number): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) > max) {
    throw new UsageError(`Option '--${name}' takes a whole number from 0 to ${max}, got '${text ?? ''}'.`);
  }
  return Number(text);
}

export function parseFormatArgs(argv: readonly string[]): FormatArgs | 'help' {
  const files: string[] = [];
  const options: SqlFormatOptions = { ...DEFAULT_FORMAT_OPTIONS };
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i]);
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    } else if (name === '--help' || name === '-h') {
      return 'help';
    } else if (name === '--check') {
      check = true;
    } else if (name === '--keyword-case') {
      const v = value();
      const hit = KEYWORD_CASES.find((k) => k === v?.toLowerCase());
      if (hit === undefined) throw new UsageError(`Option '--keyword-case' must be one of ${KEYWORD_CASES.join(', ')}; got '${v ?? ''}'.`);
      options.keywordCase = hit satisfies KeywordCase;
    } else if (name === '--indent') {
      options.tabWidth = Math.max(1, count('indent', value(), 16));
    } else if (name === '--lines-between') {
      options.linesBetweenStatements = count('lines-between', value(), 5);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`Unknown option '${arg}' for format. Run 'spark-connect format --help'.`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) throw new UsageError("format needs at least one FILE ('-' for standard input): spark-connect format q.sql");
  if (files.filter((f) => f === '-').length > 1) throw new UsageError("Standard input ('-') can be given once.");
  return { check, files, options };
}

export async function runFormat(argv: readonly string[], io: Omit<CliIO, 'logger'>): Promise<number> {
  const args = parseFormatArgs(argv);
  if (args === 'help') {
    await io.stdout.write(FORMAT_HELP);
    return ExitCode.ok;
  }
  // Loaded here, not at the top, so that other commands do not pay for the formatter's grammar.
  const { formatSqlDocument } = await import('../../sql-format/format-document');
  let changedFiles = 0;
  let failed = false;
  for (const file of args.files) {
    const shown = file === '-' ? '<stdin>' : file;
    let text: string;
    try {
      text = await io.readText(file);
    } catch (err) {
      io.stderr(`${shown}: cannot read: ${err instanceof Error ? err.message : String(err)}\n`);
      failed = true;
      continue;
    }
    const result = formatSqlDocument(text, args.options);
    for (const k of result.kept) if (k.refused) io.stderr(`${shown}:${k.line}:${k.column}: warning: ${k.reason}\n`);
    if (result.changed) changedFiles++;
    if (args.check) {
      if (result.changed) await io.stdout.write(`${shown}\n`);
    } else if (file === '-') {
      await io.stdout.write(result.text);
    } else if (result.changed) {
      if (io.writeText === undefined) throw new Error('this CLI cannot write files');
      try {
        await io.writeText(file, result.text);
      } catch (err) {
        io.stderr(`${shown}: cannot write: ${err instanceof Error ? err.message : String(err)}\n`);
        failed = true;
      }
    }
  }
  if (failed) return ExitCode.usage;
  if (args.check && changedFiles > 0) {
    io.stderr(`${changedFiles} of ${args.files.length} file(s) would be reformatted.\n`);
    return ExitCode.queryError;
  }
  return ExitCode.ok;
}
