// The editable fields of a profile, as data: label, how the current value reads, and how typed text
// becomes a value. The quick-input editor (src/commands/profile-editor.ts) is a loop over this list,
// so everything about parsing and checking input is here, without VS Code, and tested.
import { isSecretHeader } from '../connect/redact';
import { ConnectionProfile, ProfileSecrets, cloneProfile } from './profile';
import { isUuid, validateHeaderName, validateHeaderValue, validateHost, validateName, validatePort } from './validate';

export interface ProfileDraft {
  profile: ConnectionProfile;
  secrets: ProfileSecrets;
}

export type FieldKind = 'text' | 'number' | 'toggle' | 'secret' | 'path';

export interface ProfileField {
  key: string;
  label: string;
  group: 'connection' | 'tls' | 'session' | 'advanced';
  kind: FieldKind;
  /** What to ask in the input box. */
  prompt: string;
  placeholder?: string;
  /** The current value as shown in the list ("(not set)" when empty); never a secret. */
  display(d: ProfileDraft): string;
  /** The current value to prefill the input box with; secrets are never prefilled. */
  initial(d: ProfileDraft): string;
  /** Applies typed text; returns an error message instead when the text is not acceptable. Toggles ignore the text. */
  apply(d: ProfileDraft, input: string): string | undefined;
}

export const NOT_SET = '(not set)';

function optionalText(key: 'caBundlePath' | 'clientCertPath' | 'clientKeyPath' | 'serverNameOverride' | 'userId' | 'userAgent' | 'sparkUiUrl',
  label: string, group: ProfileField['group'], kind: FieldKind, prompt: string, placeholder?: string,
  check?: (v: string) => string | undefined): ProfileField {
  return {
    key, label, group, kind, prompt, ...(placeholder ? { placeholder } : {}),
    display: (d) => d.profile[key] ?? NOT_SET,
    initial: (d) => d.profile[key] ?? '',
    apply: (d, input) => {
      const v = input.trim();
      if (v === '') {
        delete d.profile[key];
        return undefined;
      }
      const problem = check?.(v);
      if (problem) return problem;
      d.profile[key] = v;
      return undefined;
    },
  };
}

function optionalNumber(get: (p: ConnectionProfile) => number | undefined, set: (p: ConnectionProfile, v: number | undefined) => void,
  key: string, label: string, group: ProfileField['group'], prompt: string, min: number, max: number): ProfileField {
  return {
    key, label, group, kind: 'number', prompt,
    display: (d) => (get(d.profile) === undefined ? NOT_SET : String(get(d.profile))),
    initial: (d) => (get(d.profile) === undefined ? '' : String(get(d.profile))),
    apply: (d, input) => {
      const v = input.trim().replace(/_/g, '');
      if (v === '') {
        set(d.profile, undefined);
        return undefined;
      }
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) return `Enter a whole number from ${min} to ${max}, or leave empty for the default.`;
      set(d.profile, Number(v));
      return undefined;
    },
  };
}

/** "a=1; b=2" <-> headers. Credential-looking names go to the secrets. */
export function formatHeaders(d: ProfileDraft): string {
  const plain = Object.entries(d.profile.headers).map(([k, v]) => `${k}=${v}`);
  const secret = Object.keys(d.secrets.headers).map((k) => `${k}=\u2022\u2022\u2022`);
  return [...plain, ...secret].join('; ');
}

export function parseHeaders(input: string): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  for (const part of input.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `'${part.trim()}' is not name=value.` };
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    const problem = validateHeaderName(key) ?? validateHeaderValue(key, value);
    if (problem) return { error: problem };
    headers[key] = value;
  }
  return { headers };
}

const HEADERS_FIELD: ProfileField = {
  key: 'headers',
  label: 'Custom headers',
  group: 'advanced',
  kind: 'text',
  prompt: 'gRPC headers as name=value; name2=value2. Credential headers (authorization, *token*, *secret* ...) are kept in the secret store. Leave a credential as \u2022\u2022\u2022 to keep it.',
  placeholder: 'x-cluster-id=abc; authorization=Bearer ...',
  display: (d) => formatHeaders(d) || NOT_SET,
  initial: (d) => formatHeaders(d),
  apply: (d, input) => {
    const parsed = parseHeaders(input);
    if ('error' in parsed) return parsed.error;
    const plain: Record<string, string> = {};
    const secret: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed.headers)) {
      if (isSecretHeader(k)) secret[k] = v === '\u2022\u2022\u2022' ? (d.secrets.headers[k] ?? '') : v;
      else plain[k] = v;
    }
    for (const [k, v] of Object.entries(secret)) if (v === '') return `Enter a value for header '${k}'.`;
    d.profile.headers = plain;
    d.secrets.headers = secret;
    return undefined;
  },
};

export const PROFILE_FIELDS: readonly ProfileField[] = [
  {
    key: 'name', label: 'Name', group: 'connection', kind: 'text', prompt: 'A name for this connection.',
    display: (d) => d.profile.name, initial: (d) => d.profile.name,
    apply: (d, input) => {
      const problem = validateName(input);
      if (problem) return problem;
      d.profile.name = input;
      return undefined;
    },
  },
  {
    key: 'host', label: 'Host', group: 'connection', kind: 'text', prompt: 'Host name or IP address of the Spark Connect server.', placeholder: 'spark.example.com',
    display: (d) => d.profile.host, initial: (d) => d.profile.host,
    apply: (d, input) => {
      const v = input.trim();
      const problem = validateHost(v);
      if (problem) return problem;
      d.profile.host = v;
      return undefined;
    },
  },
  {
    key: 'port', label: 'Port', group: 'connection', kind: 'number', prompt: 'Port of the Spark Connect server (15002 by default).',
    display: (d) => String(d.profile.port), initial: (d) => String(d.profile.port),
    apply: (d, input) => {
      const v = input.trim();
      const port = /^\d+$/.test(v) ? Number(v) : NaN;
      const problem = validatePort(port);
      if (problem) return problem;
      d.profile.port = port;
      return undefined;
    },
  },
  {
    key: 'token', label: 'Token', group: 'connection', kind: 'secret', prompt: 'Bearer token for the server (kept in the secret store). Leave empty to remove it.',
    display: (d) => (d.secrets.token ? '\u2022\u2022\u2022\u2022\u2022\u2022 (set)' : NOT_SET),
    initial: () => '',
    apply: (d, input) => {
      const v = input.trim();
      if (v === '') delete d.secrets.token;
      else d.secrets.token = v;
      return undefined;
    },
  },
  {
    key: 'tls', label: 'TLS', group: 'tls', kind: 'toggle', prompt: 'Use TLS.',
    display: (d) => (d.profile.tls ? 'on' : 'off'), initial: () => '',
    apply: (d) => {
      d.profile.tls = !d.profile.tls;
      return undefined;
    },
  },
  optionalText('caBundlePath', 'CA bundle', 'tls', 'path', 'PEM file with the certificate authorities to trust (replaces the system ones).', '/path/to/ca.pem'),
  optionalText('clientCertPath', 'Client certificate', 'tls', 'path', 'PEM client certificate chain, for mutual TLS.', '/path/to/client.pem'),
  optionalText('clientKeyPath', 'Client key', 'tls', 'path', 'PEM private key of the client certificate.', '/path/to/client.key'),
  optionalText('serverNameOverride', 'Server name override', 'tls', 'text', 'Name to verify the server certificate against, instead of the host.', undefined,
    (v) => (validateHost(v) ? `'${v}' is not a valid server name.` : undefined)),
  {
    key: 'allowTokenOverPlaintext', label: 'Allow token over plaintext', group: 'tls', kind: 'toggle',
    prompt: 'Send the token and credential headers without TLS to a host other than localhost. Only for a local test server on a trusted network.',
    display: (d) => (d.profile.allowTokenOverPlaintext ? 'on (the token and credential headers are sent unencrypted)' : 'off'), initial: () => '',
    apply: (d) => {
      d.profile.allowTokenOverPlaintext = !d.profile.allowTokenOverPlaintext;
      return undefined;
    },
  },
  optionalText('userId', 'User id', 'session', 'text', 'User id sent to the server (default: your OS user name).'),
  {
    key: 'session', label: 'Session', group: 'session', kind: 'text',
    prompt: 'Leave empty to start a new server session on each connect, or enter a session id (UUID) to attach to.',
    placeholder: '550e8400-e29b-41d4-a716-446655440000',
    display: (d) => (d.profile.sessionMode === 'reuse' ? `reuse ${d.profile.sessionId ?? ''}` : 'new session on connect'),
    initial: (d) => (d.profile.sessionMode === 'reuse' ? d.profile.sessionId ?? '' : ''),
    apply: (d, input) => {
      const v = input.trim();
      if (v === '') {
        d.profile.sessionMode = 'new';
        delete d.profile.sessionId;
        return undefined;
      }
      if (!isUuid(v)) return 'A session id is a UUID such as 550e8400-e29b-41d4-a716-446655440000.';
      d.profile.sessionMode = 'reuse';
      d.profile.sessionId = v.toLowerCase();
      return undefined;
    },
  },
  optionalText('userAgent', 'User agent', 'advanced', 'text', 'User agent reported to the server.'),
  HEADERS_FIELD,
  optionalNumber((p) => p.requestTimeoutMs, (p, v) => { if (v === undefined) delete p.requestTimeoutMs; else p.requestTimeoutMs = v; },
    'requestTimeoutMs', 'Request timeout (ms)', 'advanced', 'Deadline of each request such as explain or catalog calls, in milliseconds.', 1, 86_400_000),
  optionalNumber((p) => p.connectTimeoutMs, (p, v) => { if (v === undefined) delete p.connectTimeoutMs; else p.connectTimeoutMs = v; },
    'connectTimeoutMs', 'Connect timeout (ms)', 'advanced', 'How long to wait for the server when connecting, in milliseconds.', 1, 86_400_000),
  optionalNumber((p) => p.maxMessageSize, (p, v) => { if (v === undefined) delete p.maxMessageSize; else p.maxMessageSize = v; },
    'maxMessageSize', 'Max message size (bytes)', 'advanced', 'Largest gRPC message accepted, in bytes (Spark default 134217728).', 1024, 2 ** 31 - 1),
  optionalNumber((p) => p.retry.maxRetries, (p, v) => { p.retry.maxRetries = v; },
    'retry.maxRetries', 'Retries', 'advanced', 'How many times a failed request is retried (0 disables retrying).', 0, 100),
  optionalNumber((p) => p.retry.initialBackoffMs, (p, v) => { p.retry.initialBackoffMs = v; },
    'retry.initialBackoffMs', 'Initial retry backoff (ms)', 'advanced', 'Wait before the first retry, in milliseconds.', 1, 86_400_000),
  optionalNumber((p) => p.retry.maxBackoffMs, (p, v) => { p.retry.maxBackoffMs = v; },
    'retry.maxBackoffMs', 'Max retry backoff (ms)', 'advanced', 'Longest wait between retries, in milliseconds.', 1, 86_400_000),
  optionalText('sparkUiUrl', 'Spark UI URL', 'advanced', 'text', 'Address of the Spark UI, shown as a link in the explorer.', 'http://localhost:4040',
    (v) => (/^https?:\/\/\S+$/.test(v) ? undefined : 'Enter an http:// or https:// address.')),
];

export function fieldByKey(key: string): ProfileField | undefined {
  return PROFILE_FIELDS.find((f) => f.key === key);
}

export function cloneDraft(d: ProfileDraft): ProfileDraft {
  return { profile: cloneProfile(d.profile), secrets: { ...d.secrets, headers: { ...d.secrets.headers } } };
}
