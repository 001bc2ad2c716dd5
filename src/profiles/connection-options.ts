// A profile plus its secrets, as the options the Spark Connect client takes.
import type { StreamTransportChoice } from '../connect/stream-transport';
import { ConnectionOptions, formatConnectionString } from '../connect/connection-string';
import type { RetryPolicy } from '../connect/retry';
import { ConnectionProfile, ProfileSecrets } from './profile';

/** ConnectionOptions plus the call policy fields of the client's ClientOptions. */
export interface ProfileClientOptions extends ConnectionOptions {
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Only the fields the profile sets; the client fills in its defaults. */
  retryPolicy?: Partial<RetryPolicy>;
  /** From the sparkConnect.streamTransport setting, not the profile; the client's default when absent. */
  streamTransport?: StreamTransportChoice;
}

export function toClientOptions(p: ConnectionProfile, secrets: ProfileSecrets): ProfileClientOptions {
  const o: ProfileClientOptions = {
    host: p.host,
    port: p.port,
    useSsl: p.tls,
    // Secret headers last: for the same name, the stored secret is the one meant to be sent.
    headers: { ...p.headers, ...secrets.headers },
    allowTokenOverPlaintext: p.allowTokenOverPlaintext,
  };
  if (secrets.token) o.token = secrets.token;
  if (p.userId !== undefined) o.userId = p.userId;
  if (p.userAgent !== undefined) o.userAgent = p.userAgent;
  if (p.sessionMode === 'reuse' && p.sessionId) o.sessionId = p.sessionId;
  if (p.maxMessageSize !== undefined) o.grpcMaxMessageSize = p.maxMessageSize;
  if (p.caBundlePath) o.caCertPath = p.caBundlePath;
  if (p.clientCertPath) o.clientCertPath = p.clientCertPath;
  if (p.clientKeyPath) o.clientKeyPath = p.clientKeyPath;
  if (p.serverNameOverride) o.serverNameOverride = p.serverNameOverride;
  if (p.requestTimeoutMs !== undefined) o.requestTimeoutMs = p.requestTimeoutMs;
  if (p.connectTimeoutMs !== undefined) o.connectTimeoutMs = p.connectTimeoutMs;
  const r = p.retry;
  if (r.maxRetries !== undefined || r.initialBackoffMs !== undefined || r.maxBackoffMs !== undefined) {
    const policy: Partial<RetryPolicy> = {};
    if (r.maxRetries !== undefined) policy.maxAttempts = r.maxRetries + 1;
    if (r.initialBackoffMs !== undefined) policy.initialBackoffMs = r.initialBackoffMs;
    if (r.maxBackoffMs !== undefined) policy.maxBackoffMs = r.maxBackoffMs;
    o.retryPolicy = policy;
  }
  return o;
}

/** The profile as an sc:// URL with the token and credential headers redacted, for display. */
export function displayConnectionString(p: ConnectionProfile, secrets: ProfileSecrets): string {
  return formatConnectionString(toClientOptions(p, secrets));
}
