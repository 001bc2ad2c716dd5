// Turns ConnectionOptions into what grpc-js needs: target, channel credentials, channel options and the
// metadata sent with every call. The security decision (TLS or not, token or not) lives here, in one
// place, and follows PySpark: a token implies TLS, except towards the literal host "localhost" (PySpark
// 4.x then uses its local channel credentials, i.e. plaintext on loopback) or when the caller allows
// token-over-plaintext explicitly for a local test server.
import { readFileSync } from 'node:fs';
import { isIP, isIPv4 } from 'node:net';
import { arch, platform } from 'node:os';
import { ChannelCredentials, Metadata, credentials, type ChannelOptions } from '@grpc/grpc-js';
import { DEFAULT_MAX_MESSAGE_SIZE, type ConnectionOptions, type KeepaliveOptions } from './connection-string';
import { SparkConnectError } from './errors';
import { isSecretHeader } from './redact';
import { tlsCredentials } from './ip-tls-credentials';
import type { StreamTransportChoice } from './stream-transport';

export const CLIENT_NAME = 'spark-connect-ts';
export const CLIENT_VERSION = '0.1.0';
/** Spark's clients default user_agent to a name for the client family ("_SPARK_CONNECT_PYTHON"). */
export const DEFAULT_USER_AGENT = '_SPARK_CONNECT_TYPESCRIPT';

// Mirrors the JVM and Python clients (60 s ping after idleness, 20 s to answer) so that a connection
// silently dropped by a NAT or load balancer surfaces as UNAVAILABLE instead of a hang. Pings without
// calls stay off: Spark 3.5 servers do not relax gRPC-Java's default ping policy (5 min, no pings
// without calls), and an idle channel has nothing to lose anyway.
export const DEFAULT_KEEPALIVE: Readonly<KeepaliveOptions> = Object.freeze({
  enabled: true,
  timeMs: 60_000,
  timeoutMs: 20_000,
  withoutCalls: false,
});

/**
 * Per-stream and per-connection HTTP/2 receive window, of grpc-js and of the direct reader alike.
 *
 * It bounds how far the server can run ahead of what we have read, and that distance must stay below
 * the server's replay buffer for ReattachExecute (spark.connect.execute.reattachable.
 * observerRetryBufferSize, 10 MiB by default on 3.5 and 4.x): when a connection breaks we resume after
 * the last response we read, and the server can only replay what its buffer still holds. With a
 * 16 MiB window the server was sometimes more than 10 MiB ahead (plus socket and proxy buffers), and
 * reattach failed with INVALID_CURSOR.POSITION_NOT_AVAILABLE (~5% of cut runs). 4 MiB leaves room
 * for the kernel's socket buffers and a decoded response or two on our side, and is as fast on
 * loopback (bench/README.md, "Receive window and reattach").
 */
export const FLOW_CONTROL_WINDOW = 4 * 1024 * 1024;

export interface TransportSecurity {
  tls: boolean;
  /** Whether the token travels with calls (always when there is one; the question is only TLS). */
  sendToken: boolean;
  /** Human-readable explanation for logs ("token implies TLS" ...). */
  why: string;
}

export function isLocalhost(host: string): boolean {
  return host === 'localhost';
}

function hasTlsMaterial(o: ConnectionOptions): boolean {
  return Boolean(o.caCert ?? o.caCertPath ?? o.clientCert ?? o.clientCertPath ?? o.clientKey ?? o.clientKeyPath ?? o.serverNameOverride);
}

export function resolveSecurity(o: ConnectionOptions): TransportSecurity {
  const sendToken = o.token !== undefined;
  if (o.useSsl) return { tls: true, sendToken, why: 'use_ssl=true' };
  if (hasTlsMaterial(o)) return { tls: true, sendToken, why: 'TLS certificates or server name configured' };
  if (!sendToken) return { tls: false, sendToken, why: 'no token and use_ssl not set' };
  if (isLocalhost(o.host)) return { tls: false, sendToken, why: 'token to localhost without use_ssl (as PySpark)' };
  if (o.allowTokenOverPlaintext) return { tls: false, sendToken, why: 'token over plaintext explicitly allowed' };
  return { tls: true, sendToken, why: 'a token implies TLS' };
}

/** gRPC target "host:port", IPv6 in brackets. */
export function grpcTarget(o: Pick<ConnectionOptions, 'host' | 'port'>): string {
  return o.host.includes(':') ? `[${o.host}]:${o.port}` : `${o.host}:${o.port}`;
}

function pem(value: string | Uint8Array | undefined, path: string | undefined, what: string): Buffer | undefined {
  if (value !== undefined) return Buffer.from(value);
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    throw new SparkConnectError(`Cannot read the ${what} file '${path}': ${(err as NodeJS.ErrnoException).code ?? String(err)}.`, {
      reason: 'config',
      cause: err,
      hint: `Check the ${what} path in the connection settings.`,
    });
  }
}

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export function loadTlsMaterial(o: ConnectionOptions): TlsMaterial {
  const ca = pem(o.caCert, o.caCertPath, 'CA certificate');
  const cert = pem(o.clientCert, o.clientCertPath, 'client certificate');
  const key = pem(o.clientKey, o.clientKeyPath, 'client key');
  if ((cert === undefined) !== (key === undefined)) {
    throw new SparkConnectError('Mutual TLS needs both a client certificate and its private key; only one was given.', {
      reason: 'config',
      hint: 'Set both the client certificate and the client key, or neither.',
    });
  }
  return { ca, cert, key };
}

/** The name the server's certificate is verified against: the override, else the host dialled. */
export function tlsVerifyName(o: Pick<ConnectionOptions, 'host' | 'serverNameOverride'>): string {
  return o.serverNameOverride || o.host;
}

export function channelCredentials(security: TransportSecurity, tls: TlsMaterial, verifyName: string): ChannelCredentials {
  if (!security.tls) return credentials.createInsecure();
  return tlsCredentials(tls, verifyName);
}

export function keepaliveOf(o: ConnectionOptions): KeepaliveOptions {
  return { ...DEFAULT_KEEPALIVE, ...o.keepalive };
}

export function clientTypeString(o: ConnectionOptions, clientType?: string): string {
  const parts = [o.userAgent ?? DEFAULT_USER_AGENT, `${CLIENT_NAME}/${CLIENT_VERSION}`];
  if (clientType) parts.push(clientType);
  parts.push(`os/${platform()}`, `arch/${arch()}`, `node/${process.versions.node}`);
  return parts.join(' ');
}

export function channelOptions(o: ConnectionOptions, clientType: string): ChannelOptions {
  const max = o.grpcMaxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  const ka = keepaliveOf(o);
  const opts: ChannelOptions = {
    'grpc.max_receive_message_length': max,
    'grpc.max_send_message_length': max,
    'grpc.primary_user_agent': clientType,
    // grpc-js waits up to 2 minutes between reconnection attempts by default; after a server restart a
    // user should not wait that long for the channel to notice the server is back.
    'grpc.initial_reconnect_backoff_ms': 250,
    'grpc.max_reconnect_backoff_ms': 5_000,
    // Our own retry and reattach logic decides what is safe to repeat.
    'grpc.enable_retries': 0,
    // grpc-js shares connections between channels with the same target and options; a session must
    // own its connection, so that one session's broken or backed-off connection never fails another.
    'grpc.use_local_subchannel_pool': 1,
    // HTTP/2 flow control: with Node's default 64 KiB window the server stops after every 64 KiB and
    // waits for our WINDOW_UPDATE, which capped a 10-million-row result at ~30 MB/s (2x slower than
    // PySpark, whose gRPC core grows its window with bandwidth probes). A few MiB keep loopback and
    // LAN links busy, and must stay below the server's reattach buffer (FLOW_CONTROL_WINDOW); a
    // consumer that stops reading still stops the server after one window (execute-large.test.ts).
    'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
  };
  if (ka.enabled) {
    opts['grpc.keepalive_time_ms'] = ka.timeMs;
    opts['grpc.keepalive_timeout_ms'] = ka.timeoutMs;
    opts['grpc.keepalive_permit_without_calls'] = ka.withoutCalls ? 1 : 0;
  }
  if (o.serverNameOverride) {
    // An IP address is verified by our own credentials (ip-tls-credentials.ts): as grpc-js's override
    // it would become the TLS servername, which Node warns about (DEP0123).
    if (isIP(o.serverNameOverride) === 0) opts['grpc.ssl_target_name_override'] = o.serverNameOverride;
    opts['grpc.default_authority'] = o.serverNameOverride;
  }
  return opts;
}

/**
 * Credential-bearing headers (authorization, cookie, x-api-key, any key with "token" or "secret" in it,
 * see isSecretHeader; ";Token=" too, which Spark's case-sensitive keys make a header) follow the
 * token's rule: never in plaintext to a host other than "localhost" unless allowTokenOverPlaintext.
 * A token switches the channel to TLS by itself (PySpark's rule); a header does not, because a header
 * cannot tell whether the server speaks TLS, so it is refused with an error that says what to change.
 * The error names the header keys, never their values.
 */
export function checkCredentialHeaders(o: ConnectionOptions, security: TransportSecurity): void {
  if (security.tls || isLocalhost(o.host) || o.allowTokenOverPlaintext) return;
  const keys = Object.keys(o.headers).filter((k) => isSecretHeader(k));
  if (keys.length === 0) return;
  const named = keys.map((k) => `'${k}'`).join(', ');
  const lowerToken = keys.includes('token')
    ? " Spark's token parameter is spelled 'token' in lower case; other spellings are sent as a header." : '';
  throw new SparkConnectError(
    `The header${keys.length > 1 ? 's' : ''} ${named} ${keys.length > 1 ? 'carry credentials' : 'carries a credential'} and would be sent unencrypted to ${o.host}:${o.port}.${lowerToken}`,
    {
      reason: 'config',
      hint: 'Use TLS (use_ssl=true), or, for a local test server on a network you trust, allow the token over plaintext (allowTokenOverPlaintext, --allow-token-over-plaintext).',
    },
  );
}

/**
 * Metadata sent with every call: the custom headers of the connection string plus the bearer token.
 * Throws SparkConnectError (reason 'config') when a credential header would travel in plaintext.
 */
export function callMetadata(o: ConnectionOptions, security: TransportSecurity): Metadata {
  checkCredentialHeaders(o, security);
  const md = new Metadata();
  for (const [k, v] of Object.entries(o.headers)) md.set(k, v);
  if (security.sendToken && o.token !== undefined) md.set('authorization', `Bearer ${o.token}`);
  return md;
}

/**
 * Whether grpc-js would reach `host` through an HTTP CONNECT proxy, by the rules it applies
 * (@grpc/grpc-js http_proxy.ts): the first of grpc_proxy, https_proxy, http_proxy that is set (lower
 * case only), used only when it is an http: URL, and not for hosts in no_grpc_proxy (else no_proxy):
 * entries matched as suffixes of the host, or as IPv4 CIDR ranges.
 */
export function grpcJsUsesProxy(host: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const proxy = env.grpc_proxy || env.https_proxy || env.http_proxy;
  if (!proxy) return false;
  try {
    if (new URL(proxy).protocol !== 'http:') return false;
  } catch {
    return false; // grpc-js logs the bad value and connects directly
  }
  const exempt = (env.no_grpc_proxy || env.no_proxy || '').split(',').filter((entry) => entry !== '');
  return !exempt.some((entry) => inCidr(entry, host) || host.endsWith(entry));
}

function inCidr(entry: string, host: string): boolean {
  const [base, bits, ...rest] = entry.split('/');
  const prefix = Number(bits);
  if (rest.length > 0 || base === undefined || !isIPv4(base) || !isIPv4(host) || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
  const toInt = (ip: string): number => ip.split('.').reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((toInt(base) & mask) >>> 0) === ((toInt(host) & mask) >>> 0);
}

/**
 * Whether result streams go over the client's own HTTP/2 connection. Only when asked for ('direct'),
 * and even then not where grpc-js would go through a proxy to this host: our connection does no
 * CONNECT tunnelling, and it must never bypass a proxy the environment asks for.
 */
export function useDirectStreams(choice: StreamTransportChoice, host: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return choice === 'direct' && !grpcJsUsesProxy(host, env);
}
