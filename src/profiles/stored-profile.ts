// Profiles as they sit in settings.json: plain JSON that a user may also edit by hand. Reading is
// tolerant (a wrong field is reported and left out, the rest of the profile still loads); writing
// leaves out unset fields so settings stay short. A credential found in settings is never used.
import { ConnectionProfile, DEFAULT_PORT, RetrySettings, SessionMode } from './profile';

/** JSON object stored for one profile in the `sparkConnect.profiles` setting. */
export type StoredProfile = Record<string, unknown>;

export interface ParsedProfile {
  profile?: ConnectionProfile;
  /** Problems found while reading, in words for the user. */
  problems: string[];
}

const SECRET_KEYS = ['token', 'password', 'secret', 'authorization'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseStoredProfile(raw: unknown): ParsedProfile {
  const problems: string[] = [];
  if (!isRecord(raw)) return { problems: ['A connection entry in settings is not an object; it is ignored.'] };
  const name = raw.name;
  if (typeof name !== 'string' || name.trim() === '') {
    return { problems: ['A connection entry in settings has no name; it is ignored.'] };
  }
  const label = `Connection '${name}'`;

  const str = (key: string): string | undefined => {
    const v = raw[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'string') return v;
    problems.push(`${label}: '${key}' must be a string; it is ignored.`);
    return undefined;
  };
  const num = (obj: Record<string, unknown>, key: string, path = key): number | undefined => {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim());
    problems.push(`${label}: '${path}' must be a number; it is ignored.`);
    return undefined;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = raw[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    problems.push(`${label}: '${key}' must be true or false; using ${fallback}.`);
    return fallback;
  };

  for (const key of Object.keys(raw)) {
    if (SECRET_KEYS.includes(key.toLowerCase())) {
      problems.push(`${label}: '${key}' in settings is ignored; credentials are kept in the secret store (use 'Edit Connection' to set the token) and should be removed from settings.`);
    }
  }

  const headers: Record<string, string> = {};
  if (raw.headers !== undefined) {
    if (isRecord(raw.headers)) {
      for (const [k, v] of Object.entries(raw.headers)) {
        if (typeof v === 'string') headers[k] = v;
        else problems.push(`${label}: header '${k}' must have a string value; it is ignored.`);
      }
    } else {
      problems.push(`${label}: 'headers' must be an object of names to values; it is ignored.`);
    }
  }

  const retry: RetrySettings = {};
  if (raw.retry !== undefined) {
    if (isRecord(raw.retry)) {
      const r = raw.retry;
      const maxRetries = num(r, 'maxRetries', 'retry.maxRetries');
      const initialBackoffMs = num(r, 'initialBackoffMs', 'retry.initialBackoffMs');
      const maxBackoffMs = num(r, 'maxBackoffMs', 'retry.maxBackoffMs');
      if (maxRetries !== undefined) retry.maxRetries = maxRetries;
      if (initialBackoffMs !== undefined) retry.initialBackoffMs = initialBackoffMs;
      if (maxBackoffMs !== undefined) retry.maxBackoffMs = maxBackoffMs;
    } else {
      problems.push(`${label}: 'retry' must be an object; it is ignored.`);
    }
  }

  let sessionMode: SessionMode = 'new';
  if (raw.sessionMode !== undefined) {
    if (raw.sessionMode === 'new' || raw.sessionMode === 'reuse') sessionMode = raw.sessionMode;
    else problems.push(`${label}: 'sessionMode' must be "new" or "reuse"; using "new".`);
  }

  const profile: ConnectionProfile = {
    name,
    host: str('host') ?? 'localhost',
    port: num(raw, 'port') ?? DEFAULT_PORT,
    tls: bool('tls', false),
    headers,
    sessionMode,
    retry,
    allowTokenOverPlaintext: bool('allowTokenOverPlaintext', false),
  };
  const optionalStrings = ['caBundlePath', 'clientCertPath', 'clientKeyPath', 'serverNameOverride', 'userId', 'userAgent', 'sessionId', 'sparkUiUrl'] as const;
  for (const key of optionalStrings) {
    const v = str(key);
    if (v !== undefined) profile[key] = v;
  }
  for (const key of ['requestTimeoutMs', 'connectTimeoutMs', 'maxMessageSize'] as const) {
    const v = num(raw, key);
    if (v !== undefined) profile[key] = v;
  }
  return { profile, problems };
}

/** The settings JSON for a profile; unset optional fields are left out. */
export function toStoredProfile(p: ConnectionProfile): StoredProfile {
  const out: StoredProfile = { name: p.name, host: p.host, port: p.port, tls: p.tls };
  const optional = ['caBundlePath', 'clientCertPath', 'clientKeyPath', 'serverNameOverride', 'userId', 'userAgent',
    'requestTimeoutMs', 'connectTimeoutMs', 'maxMessageSize', 'sparkUiUrl'] as const;
  for (const key of optional) {
    if (p[key] !== undefined) out[key] = p[key];
  }
  if (Object.keys(p.headers).length > 0) out.headers = { ...p.headers };
  if (p.sessionMode !== 'new') out.sessionMode = p.sessionMode;
  if (p.sessionId !== undefined) out.sessionId = p.sessionId;
  const retry = Object.fromEntries(Object.entries(p.retry).filter(([, v]) => v !== undefined));
  if (Object.keys(retry).length > 0) out.retry = retry;
  if (p.allowTokenOverPlaintext) out.allowTokenOverPlaintext = true;
  return out;
}
