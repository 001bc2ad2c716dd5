// Secrets (bearer tokens, private keys) must never reach an error message, a log line or a status bar.
// Two layers: patterns that recognise a secret by its shape or its key, and a registry of the exact
// secret values this process knows about (a client registers its token when it is created), so a token
// echoed back inside some server message is caught even where no pattern would see it.

export const REDACTED = '***';

// Values shorter than this are not registered: replacing every "a" in a message helps nobody and
// such a value is not a credential anyone could rely on.
const MIN_SECRET_LENGTH = 4;

const knownSecrets = new Set<string>();

/** Remembers a secret value so that redactSecrets() removes it wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH) return;
  knownSecrets.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) knownSecrets.add(encoded);
}

/** Forgets a registered secret (a client that closes calls this). */
export function unregisterSecret(value: string | undefined): void {
  if (value === undefined) return;
  knownSecrets.delete(value);
  knownSecrets.delete(encodeURIComponent(value));
}

// Each pattern keeps the part that says what the secret is (group 1) and drops the value.
const PATTERNS: RegExp[] = [
  // Connection-string parameter: ";token=abc;" or "token=abc" at the end; also session-style keys
  // that carry credentials in other clients (password, secret, api_key ...).
  /((?:^|[;?&\s/"'])(?:token|password|passwd|secret|client_secret|api_key|apikey|access_token)=)[^;&\s"']*/gi,
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
  const secrets = [...knownSecrets].sort((a, b) => b.length - a.length);
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
