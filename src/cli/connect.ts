// From command-line connection arguments to a ready client: URL parsed, TLS files and policy applied,
// session configuration set, and the session time zone read (timestamps are printed in it).
import { SparkConnectClient } from '../connect/client';
import type { ConnectEngineSession } from '../engine/connect-engine';
import { parseConnectionString } from '../connect/connection-string';
import type { Logger } from '../connect/logger';
import type { ConnectionArgs } from './args';
import { UsageError } from './args';

export const CLI_CLIENT_TYPE = 'cli';
const TIME_ZONE_KEY = 'spark.sql.session.timeZone';

/** Builds the client; throws ConnectionStringError for a bad URL and SparkConnectError for bad TLS files. */
export function createClient(args: ConnectionArgs, logger: Logger): SparkConnectClient {
  if (args.remote === undefined) throw new UsageError('No server given: pass --remote sc://host:port or set SPARK_REMOTE.');
  const options = parseConnectionString(args.remote);
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

/**
 * Sets the --conf pairs (one request, in order) and returns the session time zone (timestamps are
 * printed in it).
 */
export async function prepareSession(session: ConnectEngineSession, conf: ReadonlyArray<[string, string]>, signal: AbortSignal): Promise<string> {
  await session.setConfig(conf, signal);
  return (await session.getConfig(TIME_ZONE_KEY, signal)) ?? 'UTC';
}
