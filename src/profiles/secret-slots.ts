// The secret store's layout for profile secrets: one slot per owner (scope, workspace, profile name)
// *and* server.
//
// A workspace's settings may declare a profile with the same name as one of the user's ("prod"), and
// two workspaces may each have their own "prod". So a slot belongs to the profile's scope, and for
// workspace profiles to the workspace, as well as to the name: a workspace profile can neither read
// nor overwrite a user profile's token. Within one owner, a slot is also bound to the server (the
// fields that decide where a token goes, see secretBinding), so a hand edit that points the profile
// elsewhere does not take the token along; the owner's index lists its slots (no secrets), which is
// how a profile learns that a token exists for it but for another server ("withheld").
//
// Keys are the JSON text of an array ([scope, workspace, name] for the index, one element more for a
// slot), which no choice of names can make ambiguous: a profile named "prod#<hash>" has its own keys.
//
// Earlier versions keyed slots by name alone ("sparkConnect.profile:<name>" as the index or, older
// still, the secrets themselves; "sparkConnect.profile:<name>#<hash>" as a slot). Such secrets are
// read once, copied to the owners that still have that name and server, and the old keys removed.
import { createHash } from 'node:crypto';
import type { ProfileSecrets } from './profile';
import type { ProfileScope, SecretStore } from './profile-repository';

/** Whose secrets a slot holds. `workspace` is '' for user profiles, which every workspace shares. */
export interface SlotOwner {
  scope: ProfileScope;
  workspace: string;
  name: string;
}

export interface SlotRead {
  secrets?: ProfileSecrets;
  /** Secrets exist for this profile, but only for other servers. */
  withheld: boolean;
}

interface SlotValue {
  token?: unknown;
  headers?: unknown;
  binding?: unknown;
}

export const SLOT_KEY_PREFIX = 'sparkConnect.secrets.v2:';
/** The prefix of earlier versions' keys, read only to migrate them. */
export const LEGACY_KEY_PREFIX = 'sparkConnect.profile:';

export function bindingHash(binding: string): string {
  return createHash('sha256').update(binding).digest('hex').slice(0, 16);
}

export function indexKey(owner: SlotOwner): string {
  return `${SLOT_KEY_PREFIX}${JSON.stringify([owner.scope, owner.workspace, owner.name])}`;
}

export function slotKey(owner: SlotOwner, binding: string): string {
  return `${SLOT_KEY_PREFIX}${JSON.stringify([owner.scope, owner.workspace, owner.name, bindingHash(binding)])}`;
}

function legacyNameKey(name: string): string {
  return `${LEGACY_KEY_PREFIX}${name}`;
}

function legacySlotKey(name: string, hash: string): string {
  return `${LEGACY_KEY_PREFIX}${name}#${hash}`;
}

function parse(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function toSecrets(v: SlotValue): ProfileSecrets {
  const headers: Record<string, string> = {};
  if (typeof v.headers === 'object' && v.headers !== null) {
    for (const [k, x] of Object.entries(v.headers)) if (typeof x === 'string') headers[k] = x;
  }
  return { ...(typeof v.token === 'string' ? { token: v.token } : {}), headers };
}

function slotValue(raw: string | undefined): SlotValue | undefined {
  const v = parse(raw);
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v as SlotValue : undefined;
}

function hashesOf(raw: string | undefined): string[] {
  const v = parse(raw);
  if (typeof v !== 'object' || v === null) return [];
  const slots = (v as { slots?: unknown }).slots;
  return Array.isArray(slots) ? slots.filter((s): s is string => typeof s === 'string') : [];
}

/** What an earlier version stored under a name: an index of slots, or (older) the secrets themselves. */
interface LegacyEntry {
  slots: string[];
  direct?: SlotValue;
}

export class SecretSlots {
  constructor(private readonly store: SecretStore) {}

  /**
   * The secrets of `owner` for `binding`. `claimants` are the owners that take over secrets an
   * earlier version stored under this name for this server (the repository decides who); they get a
   * copy each, and the old keys go.
   */
  async read(owner: SlotOwner, binding: string, claimants: readonly SlotOwner[] = [owner]): Promise<SlotRead> {
    const own = await this.readOwn(owner, binding);
    if (own !== undefined) return { secrets: own, withheld: false };
    const migrated = await this.migrate(owner.name, binding, claimants);
    if (migrated !== undefined && claimants.some((c) => sameOwner(c, owner))) return { secrets: migrated, withheld: false };
    const hash = bindingHash(binding);
    const others = (await this.index(owner)).some((h) => h !== hash) || (await this.legacyHasOthers(owner.name, hash));
    return { withheld: others };
  }

  /** Stores the secrets of (owner, binding), or removes that slot when `secrets` is undefined. */
  async write(owner: SlotOwner, binding: string, secrets: ProfileSecrets | undefined, claimants: readonly SlotOwner[] = [owner]): Promise<void> {
    // Secrets an earlier version kept for this name and server go to their owners first, so that
    // replacing or clearing this owner's secrets leaves the others theirs.
    await this.migrate(owner.name, binding, claimants);
    const hash = bindingHash(binding);
    const slots = await this.index(owner);
    if (secrets === undefined) {
      await this.store.delete(slotKey(owner, binding));
      await this.saveIndex(owner, slots.filter((h) => h !== hash));
      return;
    }
    await this.store.store(slotKey(owner, binding), JSON.stringify({
      ...(secrets.token !== undefined ? { token: secrets.token } : {}), headers: secrets.headers, binding,
    }));
    await this.saveIndex(owner, slots.includes(hash) ? slots : [...slots, hash]);
  }

  private async readOwn(owner: SlotOwner, binding: string): Promise<ProfileSecrets | undefined> {
    if (!(await this.index(owner)).includes(bindingHash(binding))) return undefined;
    const value = slotValue(await this.store.get(slotKey(owner, binding)));
    return value !== undefined && value.binding === binding ? toSecrets(value) : undefined;
  }

  private async index(owner: SlotOwner): Promise<string[]> {
    return hashesOf(await this.store.get(indexKey(owner)));
  }

  private async saveIndex(owner: SlotOwner, slots: string[]): Promise<void> {
    if (slots.length === 0) await this.store.delete(indexKey(owner));
    else await this.store.store(indexKey(owner), JSON.stringify({ slots }));
  }

  // ---- secrets of earlier versions ----

  private async legacyEntry(name: string): Promise<LegacyEntry> {
    const value = slotValue(await this.store.get(legacyNameKey(name)));
    if (value === undefined) return { slots: [] };
    const slots = (value as { slots?: unknown }).slots;
    if (Array.isArray(slots)) return { slots: slots.filter((s): s is string => typeof s === 'string') };
    // The old layout was ambiguous: "prod#<hash>"'s name key is also a slot key of "prod". Such an
    // entry belongs to "prod" when "prod"'s index lists that hash, and is never read as this name's.
    if (await this.isLegacySlotOfAnother(name)) return { slots: [] };
    // The oldest layout: the secrets themselves. Without a binding they belong to no server.
    return typeof value.binding === 'string' ? { slots: [], direct: value } : { slots: [] };
  }

  private async isLegacySlotOfAnother(name: string): Promise<boolean> {
    const m = /^(.*)#([0-9a-f]{16})$/s.exec(name);
    if (m === null) return false;
    return hashesOf(await this.store.get(legacyNameKey(m[1]))).includes(m[2]);
  }

  private async legacyHasOthers(name: string, hash: string): Promise<boolean> {
    const entry = await this.legacyEntry(name);
    return entry.slots.some((h) => h !== hash) || (entry.direct !== undefined && bindingHash(entry.direct.binding as string) !== hash);
  }

  /**
   * Moves what an earlier version stored for (name, binding) to each claimant's own slot (a claimant
   * that already has secrets there keeps them) and deletes the old keys. Returns the secrets moved.
   */
  private async migrate(name: string, binding: string, claimants: readonly SlotOwner[]): Promise<ProfileSecrets | undefined> {
    if (claimants.length === 0) return undefined;
    const entry = await this.legacyEntry(name);
    const hash = bindingHash(binding);
    let found: ProfileSecrets | undefined;
    if (entry.direct !== undefined && entry.direct.binding === binding) {
      found = toSecrets(entry.direct);
    } else if (entry.slots.includes(hash)) {
      const value = slotValue(await this.store.get(legacySlotKey(name, hash)));
      if (value !== undefined && value.binding === binding) found = toSecrets(value);
    }
    if (found === undefined) return undefined;
    for (const c of claimants) {
      if ((await this.readOwn(c, binding)) === undefined) await this.write(c, binding, found, []);
    }
    // Only now, with every copy written, the old keys go: a failure above loses nothing.
    if (entry.direct !== undefined) {
      await this.store.delete(legacyNameKey(name));
    } else {
      await this.store.delete(legacySlotKey(name, hash));
      const rest = entry.slots.filter((h) => h !== hash);
      if (rest.length === 0) await this.store.delete(legacyNameKey(name));
      else await this.store.store(legacyNameKey(name), JSON.stringify({ slots: rest }));
    }
    return found;
  }
}

function sameOwner(a: SlotOwner, b: SlotOwner): boolean {
  return a.scope === b.scope && a.workspace === b.workspace && a.name === b.name;
}
