// Profiles from a pasted sc:// connection string and from the SPARK_REMOTE environment variable.
// The string is parsed by the client's own parser, so both accept exactly the same URLs; here we only
// decide what becomes a setting and what becomes a secret.
import { ConnectionOptions, parseConnectionString } from '../connect/connection-string';
import { REDACTED, redactSecrets } from '../connect/redact';
import { ConnectionProfile, ProfileSecrets, newProfile, uniqueName } from './profile';
import { separateSecrets } from './profile-repository';

export interface ImportedProfile {
  profile: ConnectionProfile;
  secrets: ProfileSecrets;
  /** Things the user should know: parts of the URL a profile does not keep. */
  notes: string[];
}

export const SPARK_REMOTE_PROFILE_NAME = 'SPARK_REMOTE';

/**
 * A profile from a Spark Connect URL. Throws the parser's ConnectionStringError (whose message never
 * contains the token) when the URL is malformed.
 */
export function profileFromConnectionString(url: string, name?: string, takenNames: Iterable<string> = []): ImportedProfile {
  const options = parseConnectionString(url);
  return profileFromOptions(options, name ?? uniqueName(defaultName(options.host), takenNames));
}

function defaultName(host: string): string {
  return host === '127.0.0.1' || host === '::1' ? 'localhost' : host;
}

export function profileFromOptions(o: ConnectionOptions, name: string): ImportedProfile {
  const notes: string[] = [];
  const profile = newProfile(name, o.host, o.port);
  // Same rule as PySpark and the client: a token implies TLS, except towards "localhost".
  profile.tls = o.useSsl || (o.token !== undefined && o.host !== 'localhost');
  if (o.userId !== undefined) profile.userId = o.userId;
  if (o.userAgent !== undefined) profile.userAgent = o.userAgent;
  if (o.sessionId !== undefined) {
    profile.sessionMode = 'reuse';
    profile.sessionId = o.sessionId;
  }
  if (o.grpcMaxMessageSize !== undefined) profile.maxMessageSize = o.grpcMaxMessageSize;
  if (o.keepalive !== undefined && Object.keys(o.keepalive).length > 0) {
    notes.push('The grpc_keepalive_* parameters are not kept in connection profiles; the defaults apply.');
  }
  profile.headers = { ...o.headers };
  const split = separateSecrets(profile, { headers: {}, ...(o.token !== undefined ? { token: o.token } : {}) });
  const moved = Object.keys(split.secrets.headers);
  if (moved.length > 0) notes.push(`Stored in the secret store, not in settings: ${moved.join(', ')}.`);
  return { profile: split.profile, secrets: split.secrets, notes };
}

export type EnvironmentProfileResult =
  | { kind: 'none' }
  | { kind: 'profile'; imported: ImportedProfile }
  /** SPARK_REMOTE asks for a local server ("local", "local[4]" ...), which PySpark would start itself. */
  | { kind: 'local'; message: string }
  | { kind: 'invalid'; message: string };

/**
 * The profile SPARK_REMOTE describes, named "SPARK_REMOTE". Like PySpark, a URL without a token takes
 * SPARK_CONNECT_AUTHENTICATE_TOKEN as its token. Nothing here is stored: the profile lives as long as
 * the environment says so.
 */
export function profileFromEnvironment(env: Readonly<Record<string, string | undefined>>): EnvironmentProfileResult {
  const remote = env.SPARK_REMOTE?.trim();
  if (!remote) return { kind: 'none' };
  const envToken = env.SPARK_CONNECT_AUTHENTICATE_TOKEN;
  // These messages reach notifications and logs: whatever the parser or the text holds, no token
  // (of the URL or of SPARK_CONNECT_AUTHENTICATE_TOKEN) or credential header value goes with them.
  const safe = (text: string): string => {
    const redacted = redactSecrets(text);
    return envToken ? redacted.split(envToken).join(REDACTED) : redacted;
  };
  if (/^local(\[.*\])?$|^local-cluster\[/.test(remote)) {
    return {
      kind: 'local',
      // The value is not quoted: only its kind matters here, and the variable is the user's to read.
      message: `SPARK_REMOTE is a local master ('${remote.startsWith('local-cluster') ? 'local-cluster[...]' : 'local[...]'}'), which asks PySpark to start a local server. Use 'Start Local Spark' to start one for this editor.`,
    };
  }
  try {
    const options = parseConnectionString(remote);
    if (options.token === undefined && envToken) options.token = envToken;
    return { kind: 'profile', imported: profileFromOptions(options, SPARK_REMOTE_PROFILE_NAME) };
  } catch (err) {
    return { kind: 'invalid', message: safe(`SPARK_REMOTE is not a valid Spark Connect URL: ${(err as Error).message}`) };
  }
}
