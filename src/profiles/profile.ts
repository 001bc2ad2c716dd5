// A connection profile: everything needed to reach one Spark Connect server, minus the secrets.
// Profiles are stored in settings (user or workspace) as plain JSON; the token and any header that
// carries a credential live in the secret store, keyed by scope, workspace, name and server (secret-slots.ts).

export type SessionMode = 'new' | 'reuse';

export interface RetrySettings {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface ConnectionProfile {
  name: string;
  host: string;
  port: number;
  /** Use TLS. A token to a host other than "localhost" implies TLS anyway (as in PySpark). */
  tls: boolean;
  /** PEM file of trusted CAs; replaces the system roots. */
  caBundlePath?: string;
  /** PEM client certificate chain and private key, for mutual TLS. */
  clientCertPath?: string;
  clientKeyPath?: string;
  /** Name to verify the server certificate against instead of host. */
  serverNameOverride?: string;
  userId?: string;
  userAgent?: string;
  /** gRPC metadata sent with every call. Never a credential: those go to the secret store. */
  headers: Record<string, string>;
  /** Start a new server session on connect, or attach to the session `sessionId`. */
  sessionMode: SessionMode;
  sessionId?: string;
  /** Deadline for each unary call (analyze, config, interrupt ...), milliseconds. */
  requestTimeoutMs?: number;
  /** How long to wait for the server when connecting, milliseconds. */
  connectTimeoutMs?: number;
  /** gRPC message size limit in bytes, both directions. */
  maxMessageSize?: number;
  retry: RetrySettings;
  /** Link shown in the explorer, e.g. http://driver:4040. */
  sparkUiUrl?: string;
  /** Send the token and credential headers without TLS to a host other than "localhost" (local test servers only). */
  allowTokenOverPlaintext: boolean;
}

/** The secret half of a profile. */
export interface ProfileSecrets {
  token?: string;
  /** Headers whose values are credentials (authorization, cookies, API keys ...). */
  headers: Record<string, string>;
}

export const DEFAULT_PORT = 15002;

export function emptySecrets(): ProfileSecrets {
  return { headers: {} };
}

export function newProfile(name: string, host = 'localhost', port = DEFAULT_PORT): ConnectionProfile {
  return {
    name,
    host,
    port,
    tls: false,
    headers: {},
    sessionMode: 'new',
    retry: {},
    allowTokenOverPlaintext: false,
  };
}

export function cloneProfile(p: ConnectionProfile): ConnectionProfile {
  return { ...p, headers: { ...p.headers }, retry: { ...p.retry } };
}

/** "host:port" with IPv6 hosts in brackets, for labels. */
export function profileAddress(p: Pick<ConnectionProfile, 'host' | 'port'>): string {
  return p.host.includes(':') ? `[${p.host}]:${p.port}` : `${p.host}:${p.port}`;
}

/** A name not in `taken`, built from `base` ("local", "local (2)", ...). */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base} (${i})`;
    if (!names.has(candidate)) return candidate;
  }
}
