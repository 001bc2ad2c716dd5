// From command-line connection arguments to a ready client: URL parsed, TLS files and policy applied,
// session configuration set, and the session time zone read (timestamps are printed in it).
import { readFileSync } from 'node:fs';
import { SparkConnectClient } from '../connect/client';
import type { ConnectEngineSession } from '../engine/connect-engine';
import { parseConnectionString, type ConnectionOptions } from '../connect/connection-string';
import type { Logger } from '../connect/logger';
import { registerCredentials } from '../connect/redact';
import type { ConnectionArgs, TokenSource } from './args';
import { UsageError } from './args';

export const CLI_CLIENT_TYPE = 'cli';
const TIME_ZONE_KEY = 'spark.sql.session.timeZone';

/** Builds the client; throws ConnectionStringError for a bad URL and SparkConnectError for bad TLS files. */
export function createClient(args: ConnectionArgs, logger: Logger): SparkConnectClient {
  if (args.remote === undefined) throw new UsageError('No server given: pass --remote sc://host:port or set SPARK_REMOTE.');
  const options = withToken(parseConnectionString(args.remote), args.tokenSource);
  // Known to the redactor for the rest of the process, not only while the client is open: the final
  // error report is printed after the client closed, and may quote a server message that echoes them.
  registerCredentials(options);
  return new SparkConnectClient({
    ...options,
    caCertPath: args.caCertPath ?? options.caCertPath,
    clientCertPath: args.clientCertPath ?? options.clientCertPath,
    clientKeyPath: args.clientKeyPath ?? options.clientKeyPath,
    serverNameOverride: args.serverNameOverride ?? options.serverNameOverride,
    allowTokenOverPlaintext: args.allowTokenOverPlaintext || options.allowTokenOverPlaintext,
    connectTimeoutMs: args.connectTimeoutMs,
    streamTransport: args.streamTransport,
    // A CLI user waits at the terminal: retrying an unreachable server for minutes helps nobody, so
    // connection retries are kept within the connect timeout.
    retryPolicy: { maxTotalMs: args.connectTimeoutMs },
    clientType: CLI_CLIENT_TYPE,
    logger,
  });
}

/** The token of a --token-file: the file's text without surrounding white space (a final newline). */
export function readTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read the token file '${path}': ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}.`);
  }
  const token = text.trim();
  if (token === '') throw new UsageError(`The token file '${path}' is empty.`);
  // Not quoted in the message: the file holds a secret, whatever else is wrong with it.
  if (/\s/.test(token)) throw new UsageError(`The token file '${path}' must hold the token alone, on one line.`);
  return token;
}

/**
 * The parsed URL with the token from --token-file or the environment applied. The token's TLS rule
 * then applies to it as to one written in the URL (the client decides). A URL that has a token
 * keeps it over the environment's, as in PySpark; a URL token and --token-file together are refused.
 */
export function withToken(options: ConnectionOptions, source: TokenSource | undefined): ConnectionOptions {
  if (source === undefined) return options;
  if (source.kind === 'file') {
    if (options.token !== undefined) {
      throw new UsageError('The token is given twice, in the URL and by --token-file; keep only --token-file (it stays out of shell history).');
    }
    return { ...options, token: readTokenFile(source.path) };
  }
  return options.token !== undefined ? options : { ...options, token: source.value };
}

/**
 * Sets the --conf pairs (one request, in order) and returns the session time zone (timestamps are
 * printed in it).
 */
export async function prepareSession(session: ConnectEngineSession, conf: ReadonlyArray<[string, string]>, signal: AbortSignal): Promise<string> {
  await session.setConfig(conf, signal);
  return (await session.getConfig(TIME_ZONE_KEY, signal)) ?? 'UTC';
}
