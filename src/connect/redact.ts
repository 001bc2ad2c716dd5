// Secrets (bearer tokens, private keys) must never reach an error message, a log line or a status bar.
// Two layers: patterns that recognise a secret by its shape or its key, and a registry of the exact
// secret values this process knows about (a client registers its token when it is created), so a token
// echoed back inside some server message is caught even where no pattern would see it.

export const REDACTED = '***';

// Values shorter than this are not registered: replacing every "a" in a message helps nobody and
// such a value is not a credential anyone could rely on.
const MIN_SECRET_LENGTH = 4;

// Counted, not a set: two clients (or a client and a Test Connection around it) may hold the same
// token, and the first one to close must not make the other's token printable again.
const knownSecrets = new Map<string, number>();

function addKnown(value: string): void {
  knownSecrets.set(value, (knownSecrets.get(value) ?? 0) + 1);
}

function dropKnown(value: string): void {
  const n = knownSecrets.get(value);
  if (n === undefined) return;
  if (n <= 1) knownSecrets.delete(value);
  else knownSecrets.set(value, n - 1);
}

/** Remembers a secret value so that redactSecrets() removes it wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH) return;
  addKnown(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) addKnown(encoded);
}

/** Forgets a registered secret once (a client that closes calls this for what it registered). */
export function unregisterSecret(value: string | undefined): void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH) return;
  dropKnown(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) dropKnown(encoded);
}

/** What carries credentials in a set of connection options: the token and credential-bearing headers. */
export interface CredentialCarrier {
  token?: string;
  headers: Readonly<Record<string, string>>;
}

/** The token and the values of credential-bearing headers (the values redactSecrets must hide). */
export function credentialValues(o: CredentialCarrier): string[] {
  const values = Object.entries(o.headers).filter(([k]) => isSecretHeader(k)).map(([, v]) => v);
  // "Bearer x" or "Basic x" as a header value: the credential alone may be echoed without its scheme.
  const bare = values.map((v) => /^\S+\s+(\S.*)$/.exec(v)?.[1]).filter((v): v is string => v !== undefined);
  return [...(o.token !== undefined ? [o.token] : []), ...values, ...bare];
}

/**
 * Registers the token and every credential header value of `o`; the returned function unregisters
 * exactly those (call it once, when whatever holds them is closed).
 */
export function registerCredentials(o: CredentialCarrier): () => void {
  const values = credentialValues(o);
  for (const v of values) registerSecret(v);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const v of values) unregisterSecret(v);
  };
}

// Each pattern keeps the part that says what the secret is (group 1) and drops the value.
const PATTERNS: RegExp[] = [
  // Connection-string parameter: ";token=abc;" or "token=abc" at the end; also every key that
  // isSecretHeader counts as a credential (x-api-key, cookie, anything with token, secret or
  // password in its name) and session-style keys of other clients (api_key ...).
  /((?:^|[;?&\s/"'])(?:[\w.-]*(?:token|password|passwd|secret)[\w.-]*|cookie|x-api-key|api_key|apikey)=)[^;&\s"']*/gi,
  // HTTP / gRPC metadata, as "authorization: Bearer x", "authorization=x", "'authorization': 'x'".
  /((?:^|[\s{,;"'])(?:proxy-)?authorization["']?\s*[:=]\s*["']?)[^"'\n,;}]*/gi,
  // A bare bearer credential anywhere in text.
  /(\bBearer\s+)[A-Za-z0-9\-._~+/=%]+/g,
  // JSON-ish "token": "value".
  /(["'](?:token|password|secret|access_token)["']\s*:\s*["'])[^"']*/gi,
];

const PRIVATE_KEY = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;

/** Removes everything that looks like a credential from free text. */
export function redactSecrets(text: string): string {
  if (text.length === 0) return text;
  let out = text.replace(PRIVATE_KEY, (_m, kind: string) => `-----BEGIN ${kind}PRIVATE KEY----- ${REDACTED} -----END ${kind}PRIVATE KEY-----`);
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (_m, keep: string) => `${keep}${REDACTED}`);
  }
  // Longest first so that a secret containing another registered secret is removed whole.
  const secrets = [...knownSecrets.keys()].sort((a, b) => b.length - a.length);
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

const SECRET_HEADER = /^(?:authorization|proxy-authorization|cookie|x-api-key|.*token.*|.*secret.*|.*password.*)$/i;

/** True for a gRPC metadata key whose value must not be shown. */
export function isSecretHeader(key: string): boolean {
  return SECRET_HEADER.test(key);
}

/** Copy of a header map safe to log: secret-looking keys keep their name, lose their value. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = isSecretHeader(k) ? REDACTED : redactSecrets(v);
  return out;
}
