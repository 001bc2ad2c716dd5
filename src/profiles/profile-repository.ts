// Where profiles live. Non-secret fields go to a settings store (VS Code settings in the extension,
// memory in tests), secrets to a secret store (VS Code SecretStorage). The split is enforced here, in
// one place: whatever a caller passes, a token or a credential header is never written to settings.
import { isSecretHeader } from '../connect/redact';
import { ConnectionProfile, ProfileSecrets, cloneProfile, emptySecrets, uniqueName } from './profile';
import { SecretSlots, type SlotOwner } from './secret-slots';
import { parseStoredProfile, toStoredProfile } from './stored-profile';
import { ProfileIssue, hasErrors, validateProfile } from './validate';

export type ProfileScope = 'user' | 'workspace';
/** Where a listed profile comes from; "environment" profiles (SPARK_REMOTE) are never stored. */
export type ProfileSource = ProfileScope | 'environment';

export interface ProfileSettingsStore {
  /** The raw value of the profiles setting in one scope (normally an array; anything else is tolerated). */
  read(scope: ProfileScope): unknown;
  /** Entries are normally StoredProfile objects; entries this code cannot read are written back untouched. */
  write(scope: ProfileScope, profiles: unknown[]): Promise<void>;
  /** False when no folder is open, so there is no workspace scope. */
  hasWorkspace(): boolean;
  /**
   * Identifies the open workspace (its folder or .code-workspace file URI), so that the secrets of one
   * workspace's profiles are not those of another's profile of the same name. Absent or undefined:
   * every workspace counts as the same one.
   */
  workspaceId?(): string | undefined;
}

export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A profile that exists only in memory, such as the one made from SPARK_REMOTE. */
export interface TransientProfile {
  profile: ConnectionProfile;
  secrets: ProfileSecrets;
}

export interface ProfileEntry {
  profile: ConnectionProfile;
  source: ProfileSource;
  /** Problems found reading it from settings. */
  problems: string[];
}

export class ProfileValidationError extends Error {
  constructor(readonly issues: ProfileIssue[]) {
    super(issues.filter((i) => i.severity === 'error').map((i) => i.message).join(' '));
    this.name = 'ProfileValidationError';
  }
}

/**
 * Where a token would go: the fields that decide which server receives it and how. Secrets are stored
 * with this and released only to a profile that still has the same values, so a profile of the same
 * name from elsewhere (a workspace's settings shadowing the user's "prod", a hand edit of
 * settings.json) cannot send the stored token to another server. Edits made through the extension
 * re-store the secrets with the new values.
 */
export function secretBinding(p: ConnectionProfile): string {
  return JSON.stringify([p.host.toLowerCase(), p.port, p.tls, p.allowTokenOverPlaintext, p.caBundlePath ?? '', p.serverNameOverride ?? '']);
}

export interface CheckedSecrets {
  secrets: ProfileSecrets;
  /** Secrets are stored under this name but were saved for another server, so they are not released. */
  withheld: boolean;
}

export interface SaveOptions {
  /** Scope to write to; defaults to the profile's current scope, else user. */
  scope?: ProfileScope;
  /** The profile's name before this edit, when it is renamed. */
  previousName?: string;
}

/** Moves credential-looking headers out of the profile into the secrets. */
export function separateSecrets(profile: ConnectionProfile, secrets: ProfileSecrets): { profile: ConnectionProfile; secrets: ProfileSecrets } {
  const p = cloneProfile(profile);
  const s: ProfileSecrets = { ...secrets, headers: { ...secrets.headers } };
  for (const [key, value] of Object.entries(p.headers)) {
    if (isSecretHeader(key)) {
      s.headers[key] = value;
      delete p.headers[key];
    }
  }
  return { profile: p, secrets: s };
}

export class ProfileRepository {
  private readonly listeners = new Set<() => void>();
  // Saves read, modify and write the settings array; chaining them keeps two saves from losing one.
  private queue: Promise<unknown> = Promise.resolve();
  private readonly slots: SecretSlots;

  constructor(
    private readonly settings: ProfileSettingsStore,
    secretStore: SecretStore,
    private readonly transient: () => TransientProfile[] = () => [],
  ) {
    this.slots = new SecretSlots(secretStore);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Tells listeners that profiles changed outside this object (settings edited by hand). */
  notifyChanged(): void {
    for (const l of [...this.listeners]) l();
  }

  /**
   * Every profile: workspace ones first (they win over user ones of the same name), then user ones,
   * then transient ones whose names are not taken.
   */
  list(): ProfileEntry[] {
    const out: ProfileEntry[] = [];
    const seen = new Set<string>();
    const scopes: ProfileScope[] = this.settings.hasWorkspace() ? ['workspace', 'user'] : ['user'];
    for (const scope of scopes) {
      const inScope = new Set<string>();
      for (const entry of this.readScope(scope)) {
        const firstInScope = !inScope.has(entry.profile.name);
        inScope.add(entry.profile.name);
        if (seen.has(entry.profile.name)) {
          if (firstInScope) continue; // shadowed by the workspace profile of the same name
          const kept = out.find((e) => e.profile.name === entry.profile.name);
          kept?.problems.push(`Connection '${entry.profile.name}' appears twice in ${scope} settings; the first one is used.`);
          continue;
        }
        seen.add(entry.profile.name);
        out.push(entry);
      }
    }
    for (const t of this.transient()) {
      if (!seen.has(t.profile.name)) {
        seen.add(t.profile.name);
        out.push({ profile: cloneProfile(t.profile), source: 'environment', problems: [] });
      }
    }
    return out;
  }

  get(name: string): ProfileEntry | undefined {
    return this.list().find((e) => e.profile.name === name);
  }

  names(): string[] {
    return this.list().map((e) => e.profile.name);
  }

  async getSecrets(name: string): Promise<ProfileSecrets> {
    return (await this.getCheckedSecrets(name)).secrets;
  }

  /** The secrets of a profile, and whether stored ones were withheld because they belong to another server. */
  async getCheckedSecrets(name: string): Promise<CheckedSecrets> {
    const entry = this.get(name);
    if (entry?.source === 'environment') {
      const t = this.transient().find((x) => x.profile.name === name);
      return { secrets: t ? { ...t.secrets, headers: { ...t.secrets.headers } } : emptySecrets(), withheld: false };
    }
    if (!entry) return { secrets: emptySecrets(), withheld: false };
    return this.readSecrets(this.owner(entry.source, name), entry.profile);
  }

  /**
   * Validates and stores a profile. `secrets` replaces the stored secrets; pass 'keep' to leave them
   * as they are (they follow a rename). Returns the warnings; throws ProfileValidationError on errors.
   */
  save(profile: ConnectionProfile, secrets: ProfileSecrets | 'keep', options: SaveOptions = {}): Promise<ProfileIssue[]> {
    return this.enqueue(() => this.doSave(profile, secrets, options));
  }

  delete(name: string): Promise<void> {
    return this.enqueue(async () => {
      const entry = this.get(name);
      if (!entry || entry.source === 'environment') return;
      await this.writeScope(entry.source, (list) => list.filter((raw) => nameOf(raw) !== name));
      await this.releaseSlot(this.owner(entry.source, name), secretBinding(entry.profile));
      this.notifyChanged();
    });
  }

  /** Copies a profile (and its secrets) under a new unique name; returns the new name. */
  async duplicate(name: string, newName?: string): Promise<string> {
    const entry = this.get(name);
    if (!entry) throw new Error(`There is no connection named '${name}'.`);
    const copy = cloneProfile(entry.profile);
    copy.name = newName ?? uniqueName(`${name} copy`, this.names());
    // A copy must not attach to the same server session as the original.
    if (copy.sessionMode === 'reuse') {
      copy.sessionMode = 'new';
      delete copy.sessionId;
    }
    const secrets = await this.getSecrets(name);
    const scope = entry.source === 'environment' ? 'user' : entry.source;
    await this.save(copy, secrets, { scope });
    return copy.name;
  }

  private async doSave(input: ConnectionProfile, secretsIn: ProfileSecrets | 'keep', options: SaveOptions): Promise<ProfileIssue[]> {
    const previousName = options.previousName ?? input.name;
    const existing = this.get(previousName);
    // Kept secrets are read against the profile as it was, then stored bound to the profile as saved.
    const keptSecrets = secretsIn === 'keep' ? await this.getSecrets(previousName) : secretsIn;
    const { profile, secrets } = separateSecrets(input, keptSecrets);

    const issues = validateProfile(profile, secrets);
    if (previousName !== profile.name && this.get(profile.name)) {
      issues.push({ field: 'name', severity: 'error', message: `A connection named '${profile.name}' already exists; choose another name.` });
    }
    if (hasErrors(issues)) throw new ProfileValidationError(issues);

    const existingScope = existing && existing.source !== 'environment' ? existing.source : undefined;
    const scope = options.scope ?? existingScope ?? 'user';
    if (scope === 'workspace' && !this.settings.hasWorkspace()) {
      throw new ProfileValidationError([{ field: 'scope', severity: 'error', message: 'Open a folder to save a connection in workspace settings, or save it in user settings.' }]);
    }
    const stored = toStoredProfile(profile);
    // Secrets first: if writing them fails, settings do not point at a profile without its token.
    // They go to this scope's (and workspace's) slot for this name and server only, so a profile of
    // the same name in the other scope keeps its own token.
    await this.writeSecrets(this.owner(scope, profile.name), profile, secrets);
    if (existingScope !== undefined && existingScope !== scope) {
      await this.writeScope(existingScope, (list) => list.filter((raw) => nameOf(raw) !== previousName));
    }
    await this.writeScope(scope, (list) => {
      const at = list.findIndex((raw) => nameOf(raw) === previousName);
      const next = [...list];
      if (at >= 0 && existingScope === scope) next[at] = stored;
      else next.push(stored);
      return next;
    });
    // Renamed, moved to the other scope, or now pointing at another server: the old slot goes.
    const before = existing && existing.source !== 'environment' ? secretBinding(existing.profile) : undefined;
    if (existingScope !== undefined && before !== undefined
      && (previousName !== profile.name || existingScope !== scope || before !== secretBinding(profile))) {
      await this.releaseSlot(this.owner(existingScope, previousName), before);
    }
    this.notifyChanged();
    return issues;
  }

  private readScope(scope: ProfileScope): ProfileEntry[] {
    const raw = this.settings.read(scope);
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) return [];
    const out: ProfileEntry[] = [];
    for (const item of raw) {
      const parsed = parseStoredProfile(item);
      if (parsed.profile) out.push({ profile: parsed.profile, source: scope, problems: parsed.problems });
    }
    return out;
  }

  private async writeScope(scope: ProfileScope, change: (list: unknown[]) => unknown[]): Promise<void> {
    const raw = this.settings.read(scope);
    const list = Array.isArray(raw) ? raw : [];
    await this.settings.write(scope, change(list));
  }

  /** Whose secrets a profile of this scope and name has (see secret-slots.ts). */
  private owner(scope: ProfileScope, name: string): SlotOwner {
    return { scope, workspace: scope === 'workspace' ? this.settings.workspaceId?.() ?? '' : '', name };
  }

  /**
   * Who takes over what an earlier version stored under this bare name for this server: the user
   * profile with this name and server if there is one (those secrets were shared by both scopes, and
   * a workspace must not end up with a copy of a user's token), else such a workspace profile.
   */
  private claimants(name: string, binding: string): SlotOwner[] {
    const scopes: ProfileScope[] = this.settings.hasWorkspace() ? ['user', 'workspace'] : ['user'];
    const scope = scopes.find((sc) => this.readScope(sc).some((e) => e.profile.name === name && secretBinding(e.profile) === binding));
    return scope === undefined ? [] : [this.owner(scope, name)];
  }

  private async readSecrets(owner: SlotOwner, profile: ConnectionProfile): Promise<CheckedSecrets> {
    // Only secrets saved for this server are released; others of this profile are reported as withheld.
    const binding = secretBinding(profile);
    const read = await this.slots.read(owner, binding, this.claimants(owner.name, binding));
    if (read.secrets === undefined) return { secrets: emptySecrets(), withheld: read.withheld };
    return { secrets: read.secrets, withheld: false };
  }

  private async writeSecrets(owner: SlotOwner, profile: ConnectionProfile, secrets: ProfileSecrets): Promise<void> {
    const hasToken = secrets.token !== undefined && secrets.token !== '';
    const binding = secretBinding(profile);
    await this.slots.write(owner, binding, hasSecrets(secrets)
      ? { ...(hasToken ? { token: secrets.token } : {}), headers: secrets.headers }
      : undefined, this.claimants(owner.name, binding));
  }

  private async releaseSlot(owner: SlotOwner, binding: string): Promise<void> {
    await this.slots.write(owner, binding, undefined, this.claimants(owner.name, binding));
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function hasSecrets(s: ProfileSecrets): boolean {
  return (s.token !== undefined && s.token !== '') || Object.keys(s.headers).length > 0;
}

function nameOf(raw: unknown): string | undefined {
  return typeof raw === 'object' && raw !== null && typeof (raw as { name?: unknown }).name === 'string'
    ? (raw as { name: string }).name
    : undefined;
}
