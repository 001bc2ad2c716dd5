// Spark Connect connection strings: sc://host[:port][/;key=value;key=value...]
// The grammar is Spark's (connector/connect/docs/client-connection-string.md, the Scala and Python
// clients): fixed scheme, no user info, empty path, parameters in HTTP path-parameter style, keys case
// sensitive, default port 15002. Keys Spark does not interpret itself travel as gRPC metadata.
import { REDACTED, isSecretHeader } from './redact';

export const DEFAULT_PORT = 15002;
/** Spark's default for grpc_max_message_size (ConnectCommon.CONNECT_GRPC_MAX_MESSAGE_SIZE). */
export const DEFAULT_MAX_MESSAGE_SIZE = 128 * 1024 * 1024;
const MAX_USER_AGENT_LENGTH = 2048;

export interface KeepaliveOptions {
  enabled: boolean;
  timeMs: number;
  timeoutMs: number;
  withoutCalls: boolean;
}

export interface ConnectionOptions {
  /** Host name or IP address; IPv6 without brackets. */
  host: string;
  port: number;
  token?: string;
  /** True only when use_ssl=true was given; a token may still imply TLS (see channel.ts). */
  useSsl: boolean;
  userId?: string;
  userAgent?: string;
  sessionId?: string;
  grpcMaxMessageSize?: number;
  /** Every parameter Spark does not interpret, sent as gRPC metadata on each call. */
  headers: Record<string, string>;
  /** HTTP/2 keepalive overrides (PySpark 4.3 keys grpc_keepalive_*). */
  keepalive?: Partial<KeepaliveOptions>;
  // TLS material and policy do not come from the connection string (Spark defines no keys for them);
  // callers such as connection profiles set them.
  /** PEM bundle of trusted CAs, as a path or as the PEM text; replaces the system roots. */
  caCertPath?: string;
  caCert?: string | Uint8Array;
  /** Client certificate chain and private key (PEM) for mutual TLS, as paths or PEM text. */
  clientCertPath?: string;
  clientKeyPath?: string;
  clientCert?: string | Uint8Array;
  clientKey?: string | Uint8Array;
  /** Name to verify the server certificate against (and the HTTP/2 :authority) instead of host. */
  serverNameOverride?: string;
  /** Send the token and credential headers over a plaintext channel to a host other than "localhost" (local test servers). */
  allowTokenOverPlaintext?: boolean;
}

export class ConnectionStringError extends Error {
  /** The piece of the input that is wrong, for UIs that highlight it. */
  readonly part: string;
  constructor(message: string, part: string) {
    super(message);
    this.name = 'ConnectionStringError';
    this.part = part;
  }
}

const KNOWN_KEYS = new Set([
  'token', 'use_ssl', 'user_id', 'user_agent', 'session_id', 'grpc_max_message_size',
  'grpc_keepalive_enabled', 'grpc_keepalive_time_ms', 'grpc_keepalive_timeout_ms', 'grpc_keepalive_without_calls',
]);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// gRPC metadata keys: lower-case letters, digits, '-', '_', '.'; upper case is folded by gRPC itself.
const HEADER_KEY_RE = /^[0-9A-Za-z_.-]+$/;
// RFC 3986 reg-name characters allowed in a host (percent-encoding is not accepted in hosts).
const HOST_RE = /^[A-Za-z0-9\-._~!$&'()*+,=]+$/;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

function fail(message: string, part: string): never {
  throw new ConnectionStringError(message, part);
}

/** Spark's own credential parameter, or a header that carries one (any case, see isSecretHeader). */
export function isCredentialKey(key: string): boolean {
  return key === 'token' || isSecretHeader(key);
}

/**
 * Percent-decodes one key or value. The error quotes the text only when it is not a credential: a
 * malformed escape inside a token must not put the token on screen (secret = true).
 */
function decode(text: string, what: string, secret = false): string {
  try {
    return decodeURIComponent(text);
  } catch {
    if (secret) fail(`Invalid percent-encoding in ${what} (value not shown: it is a credential). Encode '%' as %25.`, what);
    fail(`Invalid percent-encoding in ${what}: '${text}'. Encode '%' as %25.`, text);
  }
}

function parseBool(key: string, value: string): boolean {
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  fail(`Parameter '${key}' must be true or false, got '${value}'.`, `${key}=${value}`);
}

function parsePositiveInt(key: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value)) fail(`Parameter '${key}' must be a positive integer, got '${value}'.`, `${key}=${value}`);
  const n = Number(value);
  if (n <= 0 || n > max) fail(`Parameter '${key}' is out of range: ${value}.`, `${key}=${value}`);
  return n;
}

function parseAuthority(authority: string, input: string): { host: string; port: number } {
  if (authority.length === 0) fail(`Host is missing in '${input}'. Use sc://hostname:port.`, input);
  if (authority.includes('@')) {
    // Not quoted: user information is "user:password@", and the password must not be echoed.
    fail(`User information (the part before '@') is not allowed in a Spark Connect URL; pass user_id as a parameter and a credential as token.`, '@');
  }
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) fail(`IPv6 address '${authority}' is missing its closing ']'.`, authority);
    host = authority.slice(1, close);
    if (!/^[0-9A-Fa-f:.]+(?:%25[0-9A-Za-z._~-]+)?$/.test(host) || !host.includes(':')) {
      fail(`'${host}' is not a valid IPv6 address.`, authority.slice(0, close + 1));
    }
    host = host.replace('%25', '%');
    const rest = authority.slice(close + 1);
    if (rest.length > 0) {
      if (!rest.startsWith(':')) fail(`Unexpected '${rest}' after the IPv6 address.`, rest);
      portText = rest.slice(1);
    }
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0) {
      if (authority.indexOf(':') !== colon) {
        fail(`IPv6 addresses must be written in brackets, e.g. sc://[${authority}]:15002.`, authority);
      }
      host = authority.slice(0, colon);
      portText = authority.slice(colon + 1);
    } else {
      host = authority;
    }
    if (host.length === 0) fail(`Host is missing in '${input}'. Use sc://hostname:port.`, authority);
    if (!HOST_RE.test(host)) fail(`Host '${host}' contains characters that are not allowed in a host name.`, host);
  }
  let port = DEFAULT_PORT;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) fail(`Port '${portText}' is not a number.`, portText);
    port = Number(portText);
    if (port < 1 || port > 65535) fail(`Port ${port} is out of range (1-65535).`, portText);
  }
  return { host, port };
}

/**
 * Parses a Spark Connect URL. Errors are ConnectionStringError naming the offending part; they never
 * contain the token.
 */
export function parseConnectionString(input: string): ConnectionOptions {
  const s = input.trim();
  if (!/^sc:\/\//i.test(s)) {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(s)?.[1];
    fail(
      scheme ? `Scheme '${scheme}://' is not supported; a Spark Connect URL starts with sc://, e.g. sc://localhost:15002.`
        : `A Spark Connect URL starts with sc://, e.g. sc://localhost:15002.`,
      scheme ? `${scheme}:` : s.slice(0, 10),
    );
  }
  const afterScheme = s.slice(5);
  for (const [ch, name] of [['?', 'query'], ['#', 'fragment']] as const) {
    const at = afterScheme.indexOf(ch);
    if (at >= 0) fail(`A Spark Connect URL has no ${name} part; pass options as ';key=value' after the '/' (found '${afterScheme.slice(at, at + 20)}').`, afterScheme.slice(at));
  }
  // The authority ends at the first '/'. A ';' before any '/' means the parameters were glued onto the
  // host, which Spark's URI parsing rejects; say how to fix it rather than "invalid port".
  const slash = afterScheme.indexOf('/');
  const authority = slash < 0 ? afterScheme : afterScheme.slice(0, slash);
  if (authority.includes(';')) {
    const at = authority.indexOf(';');
    fail(`Parameters must follow a '/': write sc://${authority.slice(0, at)}/${authority.slice(at)}.`, authority.slice(at, at + 1));
  }
  const { host, port } = parseAuthority(authority, input);
  const pathAndParams = slash < 0 ? '' : afterScheme.slice(slash + 1);
  const segments = pathAndParams.split(';');
  const path = segments[0];
  if (path.length > 0) fail(`The path component '/${path}' must be empty: a Spark Connect URL is sc://host:port/;key=value.`, `/${path}`);

  const options: ConnectionOptions = { host, port, useSsl: false, headers: {} };
  for (const [i, raw] of segments.slice(1).entries()) {
    if (raw.length === 0) continue; // "sc://h/;" and "a=b;" are harmless and accepted by Spark's Scala client.
    const eq = raw.indexOf('=');
    // Not quoted: a parameter without '=' may be a token pasted without its key.
    if (eq < 0) fail(`Parameter ${i + 1} after the '/' has no '=': write it as key=value (its text is not shown, in case it is a credential).`, REDACTED);
    const key = decode(raw.slice(0, eq), 'a parameter name');
    // The value of a nameless parameter may be anything, a pasted token too: it is not shown.
    if (key.length === 0) fail(`A parameter has no name ('=' right after ';').`, '=');
    // Spark splits on every '=', so an unencoded '=' inside a value is an error there. Base64 tokens
    // end in '=' padding and users paste them as is; taking everything after the first '=' accepts
    // them without changing the meaning of any string Spark accepts.
    const value = decode(raw.slice(eq + 1), `parameter '${key}'`, isCredentialKey(key));
    applyParam(options, key, value);
  }
  return options;
}

function applyParam(o: ConnectionOptions, key: string, value: string): void {
  switch (key) {
    case 'token':
      if (value.length === 0) fail(`Parameter 'token' is empty.`, 'token=');
      o.token = value;
      return;
    case 'use_ssl':
      o.useSsl = parseBool(key, value);
      return;
    case 'user_id':
      o.userId = value;
      return;
    case 'user_agent':
      if (encodeURIComponent(value).length > MAX_USER_AGENT_LENGTH) {
        fail(`Parameter 'user_agent' must not exceed ${MAX_USER_AGENT_LENGTH} characters after URL escaping.`, 'user_agent');
      }
      o.userAgent = value;
      return;
    case 'session_id':
      if (!isUuid(value)) fail(`Parameter 'session_id' must be a UUID (e.g. 550e8400-e29b-41d4-a716-446655440000), got '${value}'.`, `session_id=${value}`);
      o.sessionId = value;
      return;
    case 'grpc_max_message_size':
      o.grpcMaxMessageSize = parsePositiveInt(key, value, 0x7fffffff);
      return;
    case 'grpc_keepalive_enabled':
      o.keepalive = { ...o.keepalive, enabled: parseBool(key, value) };
      return;
    case 'grpc_keepalive_time_ms':
      o.keepalive = { ...o.keepalive, timeMs: parsePositiveInt(key, value) };
      return;
    case 'grpc_keepalive_timeout_ms':
      o.keepalive = { ...o.keepalive, timeoutMs: parsePositiveInt(key, value) };
      return;
    case 'grpc_keepalive_without_calls':
      o.keepalive = { ...o.keepalive, withoutCalls: parseBool(key, value) };
      return;
    default:
      if (!HEADER_KEY_RE.test(key)) {
        fail(`Parameter name '${key}' cannot be sent as a gRPC header: use letters, digits, '-', '_' and '.'.`, key);
      }
      if (key.toLowerCase().startsWith('grpc-') || key.toLowerCase().endsWith('-bin')) {
        fail(`Parameter name '${key}' is reserved by gRPC.`, key);
      }
      if (/[\r\n\0]/.test(value)) fail(`Parameter '${key}' contains a line break or NUL, which a header cannot carry.`, key);
      o.headers[key.toLowerCase()] = value;
  }
}

// Characters left unencoded in parameter values when formatting: URL-safe and readable, and none of
// them means anything to the grammar (';' '=' '/' '%' and spaces are encoded).
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%40/gi, '@').replace(/%2C/gi, ',');
}

export interface FormatOptions {
  /** Include the token in clear text (for storing a URL the user typed); default false. */
  revealToken?: boolean;
}

/** Formats options back to a URL; the token and secret-looking headers are redacted unless revealed. */
export function formatConnectionString(o: ConnectionOptions, fmt: FormatOptions = {}): string {
  const host = o.host.includes(':') ? `[${o.host.replace('%', '%25')}]` : o.host;
  const params: string[] = [];
  const add = (k: string, v: string) => params.push(`${k}=${encodeValue(v)}`);
  if (o.token !== undefined) params.push(`token=${fmt.revealToken ? encodeValue(o.token) : REDACTED}`);
  if (o.useSsl) add('use_ssl', 'true');
  if (o.userId !== undefined) add('user_id', o.userId);
  if (o.userAgent !== undefined) add('user_agent', o.userAgent);
  if (o.sessionId !== undefined) add('session_id', o.sessionId);
  if (o.grpcMaxMessageSize !== undefined) add('grpc_max_message_size', String(o.grpcMaxMessageSize));
  const ka = o.keepalive ?? {};
  if (ka.enabled !== undefined) add('grpc_keepalive_enabled', String(ka.enabled));
  if (ka.timeMs !== undefined) add('grpc_keepalive_time_ms', String(ka.timeMs));
  if (ka.timeoutMs !== undefined) add('grpc_keepalive_timeout_ms', String(ka.timeoutMs));
  if (ka.withoutCalls !== undefined) add('grpc_keepalive_without_calls', String(ka.withoutCalls));
  for (const [k, v] of Object.entries(o.headers)) {
    if (KNOWN_KEYS.has(k)) continue;
    params.push(`${k}=${!fmt.revealToken && isSecretHeader(k) ? REDACTED : encodeValue(v)}`);
  }
  const base = `sc://${host}:${o.port}`;
  return params.length > 0 ? `${base}/;${params.join(';')}` : base;
}
