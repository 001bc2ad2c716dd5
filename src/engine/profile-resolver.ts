// How the session manager turns a profile name into client options: the profile from settings (or
// SPARK_REMOTE) with its secrets from the secret store. One function, shared by the extension and
// the command-layer integration tests, so both connect the same way.
import type { StreamTransportChoice } from '../connect/stream-transport';
import type { Logger } from '../connect/logger';
import { toClientOptions } from '../profiles/connection-options';
import type { ProfileRepository } from '../profiles/profile-repository';
import type { ProfileResolver } from './session-manager';

/** `streamTransport` reads the setting at each connect, so a change applies to the next connection. */
export function profileResolver(profiles: ProfileRepository, logger?: Logger, streamTransport?: () => StreamTransportChoice): ProfileResolver {
  return async (name) => {
    const entry = profiles.get(name);
    if (!entry) return undefined;
    const { secrets, withheld } = await profiles.getCheckedSecrets(name);
    if (withheld) {
      // Says why a token that "is there" is not sent; the user re-enters it with Edit Connection.
      logger?.warn(`The stored token of '${name}' was saved for a different server or TLS setting, so it is not sent to ${entry.profile.host}:${entry.profile.port}. Edit the connection and enter the token again if this server should get it.`);
    }
    const options = toClientOptions(entry.profile, secrets);
    if (streamTransport) options.streamTransport = streamTransport();
    return options;
  };
}
