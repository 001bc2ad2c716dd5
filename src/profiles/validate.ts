// Validation of connection profiles. Each issue names the field it is about and says what to do, so
// the UI can show it next to the value. Errors block saving; warnings are shown and allowed.
import { isSecretHeader } from '../connect/redact';
import { ConnectionProfile, ProfileSecrets } from './profile';

export type IssueSeverity = 'error' | 'warning';

export interface ProfileIssue {
  /** Field name of ConnectionProfile ("retry.maxRetries" for nested ones, "token" for the secret). */
  field: string;
  severity: IssueSeverity;
  message: string;
}

const NAME_RE = /^[\p{L}\p{N}_][\p{L}\p{N}_ .@()-]*$/u;
const HOST_NAME_RE = /^[A-Za-z0-9\-._~]+$/;
const IPV6_RE = /^[0-9A-Fa-f:.]+(%[0-9A-Za-z._~-]+)?$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEADER_KEY_RE = /^[0-9A-Za-z_.-]+$/;
// Set by gRPC or HTTP/2 itself; a custom value would break the call or be ignored.
const RESERVED_HEADERS = new Set(['content-type', 'te', 'user-agent', 'host', 'authority', 'grpc-timeout']);
const MAX_USER_AGENT_LENGTH = 2048;
const MAX_NAME_LENGTH = 64;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_MESSAGE_SIZE = 2 ** 31 - 1;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export function hasErrors(issues: readonly ProfileIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

export function validateName(name: string): string | undefined {
  if (name.trim().length === 0) return 'Enter a name for the connection.';
  if (name !== name.trim()) return 'The name must not start or end with a space.';
  if (name.length > MAX_NAME_LENGTH) return `The name is too long (at most ${MAX_NAME_LENGTH} characters).`;
  if (!NAME_RE.test(name)) return "Use letters, digits, spaces and _ . @ ( ) - in the name, starting with a letter, digit or '_'.";
  return undefined;
}

export function validateHost(host: string): string | undefined {
  if (host.trim().length === 0) return 'Enter the host name or IP address of the Spark Connect server.';
  if (host.includes('://')) {
    return "Enter only the host name (e.g. spark.example.com), not a URL. To use an sc:// connection string, use 'Add Connection from Connection String'.";
  }
  if (/\s/.test(host)) return 'The host must not contain spaces.';
  if (host.startsWith('[')) return 'Write IPv6 addresses without brackets (e.g. ::1).';
  if (host.includes('/')) return 'The host must not contain a path.';
  if (host.includes(':')) return IPV6_RE.test(host) ? undefined : `'${host}' is not a valid host name or IPv6 address.`;
  return HOST_NAME_RE.test(host) ? undefined : `'${host}' contains characters that are not allowed in a host name.`;
}

export function validatePort(port: number): string | undefined {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return 'The port must be a whole number from 1 to 65535 (Spark Connect uses 15002 by default).';
  return undefined;
}

export function validateHeaderName(key: string): string | undefined {
  if (!HEADER_KEY_RE.test(key)) return `Header name '${key}' is not allowed: use letters, digits, '-', '_' and '.'.`;
  const lower = key.toLowerCase();
  if (lower.startsWith('grpc-') || lower.endsWith('-bin') || lower.startsWith(':') || RESERVED_HEADERS.has(lower)) {
    return `Header '${key}' is reserved by gRPC and cannot be set.`;
  }
  return undefined;
}

export function validateHeaderValue(key: string, value: string): string | undefined {
  if (/[\r\n\0]/.test(value)) return `The value of header '${key}' contains a line break, which a header cannot carry.`;
  return undefined;
}

function positiveInt(value: number | undefined, max: number): boolean {
  return value === undefined || (Number.isInteger(value) && value >= 1 && value <= max);
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** All issues of a profile; pass the secrets to get the token-related ones too. */
export function validateProfile(p: ConnectionProfile, secrets?: ProfileSecrets): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  const error = (field: string, message: string | undefined) => {
    if (message) issues.push({ field, severity: 'error', message });
  };
  const warn = (field: string, message: string) => issues.push({ field, severity: 'warning', message });

  error('name', validateName(p.name));
  error('host', validateHost(p.host));
  error('port', validatePort(p.port));

  const tlsFiles = [p.caBundlePath, p.clientCertPath, p.clientKeyPath].some((v) => v !== undefined && v !== '');
  if (Boolean(p.clientCertPath) !== Boolean(p.clientKeyPath)) {
    error(p.clientCertPath ? 'clientKeyPath' : 'clientCertPath', 'Mutual TLS needs both a client certificate and its private key.');
  }
  if (!p.tls && (tlsFiles || p.serverNameOverride)) {
    warn('tls', 'TLS is off, but certificate files or a server name override are set; the connection will use TLS.');
  }
  if (p.serverNameOverride !== undefined && validateHost(p.serverNameOverride) !== undefined) {
    error('serverNameOverride', `'${p.serverNameOverride}' is not a valid server name.`);
  }
  if (p.userAgent !== undefined && encodeURIComponent(p.userAgent).length > MAX_USER_AGENT_LENGTH) {
    error('userAgent', `The user agent must not exceed ${MAX_USER_AGENT_LENGTH} characters after URL escaping.`);
  }
  for (const [key, value] of Object.entries(p.headers)) {
    error('headers', validateHeaderName(key) ?? validateHeaderValue(key, value));
    if (isSecretHeader(key)) {
      error('headers', `Header '${key}' looks like a credential; it must be kept in the secret store, not in settings.`);
    }
  }
  for (const [key, value] of Object.entries(secrets?.headers ?? {})) {
    error('headers', validateHeaderName(key) ?? validateHeaderValue(key, value));
  }
  if (p.sessionMode === 'reuse') {
    if (!p.sessionId) error('sessionId', 'Enter the session id (a UUID) to reuse, or choose to start a new session.');
    else if (!isUuid(p.sessionId)) error('sessionId', `The session id must be a UUID such as 550e8400-e29b-41d4-a716-446655440000, got '${p.sessionId}'.`);
  }
  if (!positiveInt(p.requestTimeoutMs, DAY_MS)) error('requestTimeoutMs', 'The request timeout must be a whole number of milliseconds from 1 to 86400000.');
  if (!positiveInt(p.connectTimeoutMs, DAY_MS)) error('connectTimeoutMs', 'The connect timeout must be a whole number of milliseconds from 1 to 86400000.');
  if (p.maxMessageSize !== undefined && (!Number.isInteger(p.maxMessageSize) || p.maxMessageSize < 1024 || p.maxMessageSize > MAX_MESSAGE_SIZE)) {
    error('maxMessageSize', `The maximum message size must be a whole number of bytes from 1024 to ${MAX_MESSAGE_SIZE}.`);
  }
  const r = p.retry;
  if (r.maxRetries !== undefined && (!Number.isInteger(r.maxRetries) || r.maxRetries < 0 || r.maxRetries > 100)) {
    error('retry.maxRetries', 'Retries must be a whole number from 0 to 100.');
  }
  if (!positiveInt(r.initialBackoffMs, DAY_MS)) error('retry.initialBackoffMs', 'The initial backoff must be a whole number of milliseconds, at least 1.');
  if (!positiveInt(r.maxBackoffMs, DAY_MS)) error('retry.maxBackoffMs', 'The maximum backoff must be a whole number of milliseconds, at least 1.');
  if (r.initialBackoffMs !== undefined && r.maxBackoffMs !== undefined && r.maxBackoffMs < r.initialBackoffMs) {
    error('retry.maxBackoffMs', 'The maximum backoff must not be smaller than the initial backoff.');
  }
  if (p.sparkUiUrl !== undefined && !isHttpUrl(p.sparkUiUrl)) {
    error('sparkUiUrl', 'The Spark UI URL must be an http:// or https:// address, e.g. http://localhost:4040.');
  }

  const hasToken = secrets?.token !== undefined && secrets.token !== '';
  if (p.allowTokenOverPlaintext && !p.tls) {
    warn('allowTokenOverPlaintext', 'The token will be sent unencrypted. Use this only for a local test server on a network you trust.');
  } else if (hasToken && !p.tls && !tlsFiles && p.host !== 'localhost') {
    warn('tls', `A token implies TLS, so the connection to ${p.host} will use TLS although TLS is off. For a plaintext local test server, turn on 'Allow token over plaintext'.`);
  } else if (!p.tls && !tlsFiles && !p.serverNameOverride && p.host !== 'localhost') {
    // The client refuses to send these in plaintext (channel.ts checkCredentialHeaders); say so now.
    const keys = Object.keys(secrets?.headers ?? {}).filter((k) => isSecretHeader(k));
    if (keys.length > 0) {
      warn('headers', `The credential header${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')} would travel unencrypted to ${p.host}, so connecting will be refused. Turn TLS on, or for a local test server turn on 'Allow token over plaintext'.`);
    }
  }
  return issues;
}
