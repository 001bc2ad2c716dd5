// How the session manager turns a profile name into client options: the profile from settings (or
// SPARK_REMOTE) with its secrets from the secret store. One function, shared by the extension and
// the command-layer integration tests, so both connect the same way.
import { toClientOptions } from '../profiles/connection-options';
import type { ProfileRepository } from '../profiles/profile-repository';
import type { ProfileResolver } from './session-manager';

export function profileResolver(profiles: ProfileRepository): ProfileResolver {
  return async (name) => {
    const entry = profiles.get(name);
    return entry ? toClientOptions(entry.profile, await profiles.getSecrets(name)) : undefined;
  };
}
