// Command-line parsing for `spark-connect`. Pure: argv and environment in, a typed command out, or a
// UsageError whose message tells the user what to type instead. Nothing here touches the network.
import { DEFAULT_STREAM_TRANSPORT, STREAM_TRANSPORTS, type StreamTransportChoice } from '../connect/stream-transport';
import { EXPLAIN_MODES, type ExplainMode } from '../connect/explain-mode';

export type CommandName = 'sql' | 'explain' | 'version' | 'pyspark' | 'notebook';
export type OutputFormat = 'table' | 'csv' | 'json';
/** How explain prints the plan: Spark's text as is, or the tree src/plan/ parses from it, as JSON. */
export const EXPLAIN_OUTPUTS = ['text', 'json'] as const;
export type ExplainOutput = (typeof EXPLAIN_OUTPUTS)[number];

export interface ConnectionArgs {
  /** From --remote, else SPARK_REMOTE; undefined when neither is set (an error for commands that connect). */
  remote?: string;
  caCertPath?: string;
  clientCertPath?: string;
  clientKeyPath?: string;
  serverNameOverride?: string;
  allowTokenOverPlaintext: boolean;
  /** Where the token comes from when the URL has none: --token-file, else the environment (see tokenSource). */
  tokenSource?: TokenSource;
  connectTimeoutMs: number;
  /** What carries result streams: grpc-js (the default) or the client's own HTTP/2 reader ('direct'). */
  streamTransport: StreamTransportChoice;
  /** Session configuration set before the first statement, in command-line order. */
  conf: Array<[string, string]>;
  verbose: boolean;
}

/**
 * A token that stays out of argv (shell history, `ps`): a file named by --token-file, or the
 * SPARK_CONNECT_AUTHENTICATE_TOKEN environment variable (the one PySpark's client reads too).
 */
export type TokenSource = { kind: 'file'; path: string } | { kind: 'env'; name: string; value: string };
export const TOKEN_ENV = 'SPARK_CONNECT_AUTHENTICATE_TOKEN';

export type SqlSource = { kind: 'text'; text: string } | { kind: 'file'; path: string };

export type CliCommand =
  | { kind: 'help'; command?: CommandName }
  | { kind: 'version'; connection: ConnectionArgs }
  | {
      kind: 'sql';
      connection: ConnectionArgs;
      source: SqlSource;
      format: OutputFormat;
      /** Table cells longer than this are cut (Spark's show(truncate=n)); undefined: never. */
      truncate?: number;
      header: boolean;
      timeoutMs?: number;
    }
  | {
      kind: 'pyspark';
      connection: ConnectionArgs;
      /** The .py file to run; '-' reads standard input. */
      path: string;
      format: OutputFormat;
      truncate?: number;
      header: boolean;
      timeoutMs?: number;
    }
  | {
      kind: 'explain';
      connection: ConnectionArgs;
      sql: string;
      mode: ExplainMode;
      output: ExplainOutput;
      timeoutMs?: number;
    }
  | {
      kind: 'notebook';
      connection: ConnectionArgs;
      /** The notebook to run ('-': standard input). */
      input: string;
      /** Where the executed notebook goes; undefined: back into `input`; '-': standard output. */
      output?: string;
      /** The per-cell summary: one line of text, or one JSON object per cell. */
      format: 'text' | 'json';
      /** The most one result may add to the notebook, in KB. */
      maxOutputKB: number;
    };

export class UsageError extends Error {
  /** The subcommand whose help the user should read, when known. */
  readonly command?: CommandName;
  constructor(message: string, command?: CommandName) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

type OptionName =
  | 'remote' | 'ca-cert' | 'client-cert' | 'client-key' | 'server-name' | 'allow-token-over-plaintext'
  | 'connect-timeout' | 'stream-transport' | 'timeout' | 'conf' | 'verbose' | 'format' | 'file' | 'truncate' | 'no-header'
  | 'mode' | 'tree' | 'help'
  | 'token-file' | 'output' | 'max-output-kb';

interface OptionSpec {
  value: boolean;
  commands: readonly CommandName[];
}

const CONNECTING: readonly CommandName[] = ['sql', 'explain', 'version', 'pyspark', 'notebook'];
const OPTIONS: Record<OptionName, OptionSpec> = {
  'remote': { value: true, commands: CONNECTING },
  'ca-cert': { value: true, commands: CONNECTING },
  'client-cert': { value: true, commands: CONNECTING },
  'client-key': { value: true, commands: CONNECTING },
  'server-name': { value: true, commands: CONNECTING },
  'allow-token-over-plaintext': { value: false, commands: CONNECTING },
  'token-file': { value: true, commands: CONNECTING },
  'connect-timeout': { value: true, commands: CONNECTING },
  'stream-transport': { value: true, commands: CONNECTING },
  'conf': { value: true, commands: ['sql', 'explain', 'pyspark', 'notebook'] },
  'verbose': { value: false, commands: CONNECTING },
  'timeout': { value: true, commands: ['sql', 'explain', 'pyspark'] },
  'format': { value: true, commands: ['sql', 'pyspark', 'notebook'] },
  'output': { value: true, commands: ['notebook'] },
  'max-output-kb': { value: true, commands: ['notebook'] },
  'file': { value: true, commands: ['sql'] },
  'truncate': { value: true, commands: ['sql', 'pyspark'] },
  'no-header': { value: false, commands: ['sql', 'pyspark'] },
  'mode': { value: true, commands: ['explain'] },
  'tree': { value: true, commands: ['explain'] },
  'help': { value: false, commands: CONNECTING },
};
const SHORT: Record<string, OptionName> = { h: 'help', f: 'file', r: 'remote', v: 'verbose', o: 'output' };

function isOptionName(name: string): name is OptionName {
  return Object.prototype.hasOwnProperty.call(OPTIONS, name);
}

function isCommandName(name: string): name is CommandName {
  return name === 'sql' || name === 'explain' || name === 'version' || name === 'pyspark' || name === 'notebook';
}

interface Scanned {
  values: Map<OptionName, string[]>;
  positionals: string[];
}

function scan(command: CommandName, args: string[]): Scanned {
  const values = new Map<OptionName, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    // A lone "-" is a positional (conventionally stdin); so is anything not starting with "-".
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else {
      name = SHORT[arg.slice(1)] ?? arg;
    }
    if (!isOptionName(name)) {
      // SQL may start with a dash ("-- comment\nSELECT 1"). No option holds whitespace in its name, so
      // an argument that names no option and holds whitespace or a line break is the SQL text; without
      // whitespace it is a mistyped option and stays an error.
      if (/\s/.test(arg)) {
        positionals.push(arg);
        continue;
      }
      throw new UsageError(`Unknown option '${arg.startsWith('--') ? `--${name}` : arg}'. (SQL that starts with '-' can follow '--'.)`, command);
    }
    const spec = OPTIONS[name];
    if (!spec.commands.includes(command)) {
      throw new UsageError(`Option '--${name}' does not apply to '${command}'.`, command);
    }
    let value = '';
    if (spec.value) {
      if (inline !== undefined) {
        value = inline;
      } else {
        if (i + 1 >= args.length) throw new UsageError(`Option '--${name}' needs a value.`, command);
        value = args[++i];
      }
    } else if (inline !== undefined) {
      throw new UsageError(`Option '--${name}' takes no value.`, command);
    }
    const list = values.get(name) ?? [];
    list.push(value);
    values.set(name, list);
  }
  return { values, positionals };
}

function single(s: Scanned, name: OptionName, command: CommandName): string | undefined {
  const list = s.values.get(name);
  if (list === undefined) return undefined;
  if (list.length > 1) throw new UsageError(`Option '--${name}' was given more than once.`, command);
  return list[0];
}

function seconds(text: string, name: string, command: CommandName): number {
  // Plain decimal seconds only: "10", "2.5". Rejecting "10s" or "1e3" keeps typos from becoming surprises.
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) {
    throw new UsageError(`Option '--${name}' takes a positive number of seconds, got '${text}'.`, command);
  }
  return Math.round(Number(text) * 1000);
}

function parseConf(text: string, command: CommandName): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`Option '--conf' takes key=value, got '${text}'.`, command);
  return [text.slice(0, eq).trim(), text.slice(eq + 1)];
}

function connectionArgs(s: Scanned, command: CommandName, env: NodeJS.ProcessEnv): ConnectionArgs {
  const remote = single(s, 'remote', command) ?? (env.SPARK_REMOTE || undefined);
  const timeout = single(s, 'connect-timeout', command);
  return {
    remote,
    caCertPath: single(s, 'ca-cert', command),
    clientCertPath: single(s, 'client-cert', command),
    clientKeyPath: single(s, 'client-key', command),
    serverNameOverride: single(s, 'server-name', command),
    allowTokenOverPlaintext: s.values.has('allow-token-over-plaintext'),
    tokenSource: tokenSource(s, command, env),
    connectTimeoutMs: timeout === undefined ? DEFAULT_CONNECT_TIMEOUT_MS : seconds(timeout, 'connect-timeout', command),
    streamTransport: oneOf(single(s, 'stream-transport', command) ?? DEFAULT_STREAM_TRANSPORT, STREAM_TRANSPORTS, 'stream-transport', command),
    conf: (s.values.get('conf') ?? []).map((c) => parseConf(c, command)),
    verbose: s.values.has('verbose'),
  };
}

function tokenSource(s: Scanned, command: CommandName, env: NodeJS.ProcessEnv): TokenSource | undefined {
  const path = single(s, 'token-file', command);
  if (path !== undefined) {
    if (path === '') throw new UsageError("Option '--token-file' needs a file name.", command);
    return { kind: 'file', path };
  }
  const value = env[TOKEN_ENV];
  return value ? { kind: 'env', name: TOKEN_ENV, value } : undefined;
}

function requireRemote(c: ConnectionArgs, command: CommandName): void {
  if (c.remote === undefined) {
    throw new UsageError('No server given: pass --remote sc://host:port or set SPARK_REMOTE.', command);
  }
  if ((c.clientCertPath === undefined) !== (c.clientKeyPath === undefined)) {
    throw new UsageError('--client-cert and --client-key go together (mutual TLS needs both).', command);
  }
}

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string, command: CommandName): T {
  const v = value.toLowerCase();
  const hit = allowed.find((a) => a === v);
  if (hit === undefined) {
    throw new UsageError(`Option '--${name}' must be one of ${allowed.join(', ')}; got '${value}'.`, command);
  }
  return hit;
}

function optionalTimeout(s: Scanned, command: CommandName): number | undefined {
  const t = single(s, 'timeout', command);
  return t === undefined ? undefined : seconds(t, 'timeout', command);
}

/** --format, --truncate and --no-header, as sql and pyspark both take them. */
function outputOptions(s: Scanned, command: 'sql' | 'pyspark'): { format: OutputFormat; truncate?: number; header: boolean } {
  const format = oneOf(single(s, 'format', command) ?? 'table', ['table', 'csv', 'json'] as const, 'format', command);
  const truncateText = single(s, 'truncate', command);
  let truncate: number | undefined;
  if (truncateText !== undefined) {
    if (!/^\d+$/.test(truncateText) || Number(truncateText) < 1) {
      throw new UsageError(`Option '--truncate' takes a positive number of characters, got '${truncateText}'.`, command);
    }
    if (format !== 'table') throw new UsageError("Option '--truncate' applies to --format table only.", command);
    truncate = Number(truncateText);
  }
  const header = !s.values.has('no-header');
  if (!header && format !== 'csv') throw new UsageError("Option '--no-header' applies to --format csv only.", command);
  return { format, truncate, header };
}

function parsePySpark(s: Scanned, env: NodeJS.ProcessEnv): CliCommand {
  const connection = connectionArgs(s, 'pyspark', env);
  if (s.positionals.length !== 1 || s.positionals[0].trim() === '') {
    throw new UsageError('pyspark takes one file: spark-connect pyspark file.py (or - for standard input).', 'pyspark');
  }
  requireRemote(connection, 'pyspark');
  return { kind: 'pyspark', connection, path: s.positionals[0], ...outputOptions(s, 'pyspark'), timeoutMs: optionalTimeout(s, 'pyspark') };
}

function parseSql(s: Scanned, env: NodeJS.ProcessEnv): CliCommand {
  const connection = connectionArgs(s, 'sql', env);
  const file = single(s, 'file', 'sql');
  let source: SqlSource;
  if (file !== undefined) {
    if (s.positionals.length > 0) throw new UsageError('Give either a SQL text or --file, not both.', 'sql');
    source = { kind: 'file', path: file };
  } else {
    if (s.positionals.length === 0) throw new UsageError('Missing the SQL to run: spark-connect sql "SELECT 1" or --file f.sql.', 'sql');
    if (s.positionals.length > 1) {
      throw new UsageError(`Expected one SQL argument, got ${s.positionals.length}; quote the statement.`, 'sql');
    }
    if (s.positionals[0].trim() === '') throw new UsageError('The SQL text is empty.', 'sql');
    source = { kind: 'text', text: s.positionals[0] };
  }
  requireRemote(connection, 'sql');
  const { format, truncate, header } = outputOptions(s, 'sql');
  return { kind: 'sql', connection, source, format, truncate, header, timeoutMs: optionalTimeout(s, 'sql') };
}

function parseExplain(s: Scanned, env: NodeJS.ProcessEnv): CliCommand {
  const connection = connectionArgs(s, 'explain', env);
  if (s.positionals.length !== 1 || s.positionals[0].trim() === '') {
    throw new UsageError('explain takes exactly one SQL statement: spark-connect explain "SELECT ..."', 'explain');
  }
  requireRemote(connection, 'explain');
  const mode = oneOf(single(s, 'mode', 'explain') ?? 'simple', EXPLAIN_MODES, 'mode', 'explain');
  const output = oneOf(single(s, 'tree', 'explain') ?? 'text', EXPLAIN_OUTPUTS, 'tree', 'explain');
  return {
    kind: 'explain', connection, sql: s.positionals[0], mode, output, timeoutMs: optionalTimeout(s, 'explain'),
  };
}

function parseNotebook(s: Scanned, env: NodeJS.ProcessEnv): CliCommand {
  const connection = connectionArgs(s, 'notebook', env);
  const [action, input, ...extra] = s.positionals;
  if (action !== 'run' || input === undefined || input.trim() === '' || extra.length > 0) {
    throw new UsageError('Usage: spark-connect notebook run NOTEBOOK.ipynb [-o OUT.ipynb]', 'notebook');
  }
  requireRemote(connection, 'notebook');
  const format = oneOf(single(s, 'format', 'notebook') ?? 'text', ['text', 'json'] as const, 'format', 'notebook');
  const kbText = single(s, 'max-output-kb', 'notebook');
  if (kbText !== undefined && (!/^\d+$/.test(kbText) || Number(kbText) < 16)) {
    throw new UsageError(`Option '--max-output-kb' takes a number of KB (at least 16), got '${kbText}'.`, 'notebook');
  }
  const output = single(s, 'output', 'notebook');
  if (input === '-' && output === undefined) throw new UsageError('A notebook read from standard input needs -o OUT.ipynb (or -o - for standard output).', 'notebook');
  return {
    kind: 'notebook', connection, input, format, maxOutputKB: kbText === undefined ? 256 : Number(kbText),
    ...(output !== undefined ? { output } : {}),
  };
}

/** Parses `spark-connect <command> [options] [args]`; env supplies SPARK_REMOTE. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0];
    return { kind: 'help', command: topic !== undefined && isCommandName(topic) ? topic : undefined };
  }
  if (first === '--version') return parseArgs(['version', ...rest], env);
  if (!isCommandName(first)) {
    throw new UsageError(first.startsWith('-')
      ? `Options come after the command: spark-connect sql|explain|pyspark|notebook|version ${first} ...`
      : `Unknown command '${first}'. Commands: sql, explain, pyspark, notebook, version.`);
  }
  const scanned = scan(first, rest);
  if (scanned.values.has('help')) return { kind: 'help', command: first };
  switch (first) {
    case 'sql':
      return parseSql(scanned, env);
    case 'explain':
      return parseExplain(scanned, env);
    case 'notebook':
      return parseNotebook(scanned, env);
    case 'pyspark':
      return parsePySpark(scanned, env);
    case 'version':
      if (scanned.positionals.length > 0) throw new UsageError('version takes no arguments.', 'version');
      return { kind: 'version', connection: connectionArgs(scanned, 'version', env) };
  }
}
