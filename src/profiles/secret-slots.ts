// The secret store's layout for profile secrets: one slot per profile name *and* server.
//
// A workspace's settings may declare a profile with the same name as one of the user's ("prod"), and
// two workspaces may each have their own "prod". Secrets keyed by name alone let saving one of them
// overwrite, or deleting one of them remove, the token of another. So each slot is keyed by the name
// and a hash of the binding (the fields that decide where a token goes, see secretBinding), and the
// name's own key holds only an index of its slots (no secrets), which is how a profile learns that a
// token exists for this name but for another server ("withheld").
//
// Older versions kept the secrets themselves under the name's key, with the binding inside. Such an
// entry is still read, and moved into its own slot the first time anything under that name is written.
import { createHash } from 'node:crypto';
import type { ProfileSecrets } from './profile';
import type { SecretStore } from './profile-repository';

export interface SlotRead {
  secrets?: ProfileSecrets;
  /** Secrets exist under this name, but only for other servers. */
  withheld: boolean;
}

interface SlotValue {
  token?: unknown;
  headers?: unknown;
  binding?: unknown;
}

interface NameEntry {
  /** Binding hashes that have a slot. */
  slots: string[];
  /** Secrets stored by older versions directly under the name's key. */
  legacy?: SlotValue;
}

export function bindingHash(binding: string): string {
  return createHash('sha256').update(binding).digest('hex').slice(0, 16);
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

export class SecretSlots {
  constructor(private readonly store: SecretStore, private readonly prefix: string) {}

  nameKey(name: string): string {
    return `${this.prefix}${name}`;
  }

  slotKey(name: string, binding: string): string {
    return `${this.prefix}${name}#${bindingHash(binding)}`;
  }

  async read(name: string, binding: string): Promise<SlotRead> {
    const entry = await this.entry(name);
    const hash = bindingHash(binding);
    if (entry.legacy !== undefined && entry.legacy.binding === binding) return { secrets: toSecrets(entry.legacy), withheld: false };
    if (entry.slots.includes(hash)) {
      const value = parse(await this.store.get(this.slotKey(name, binding)));
      if (typeof value === 'object' && value !== null && (value as SlotValue).binding === binding) {
        return { secrets: toSecrets(value as SlotValue), withheld: false };
      }
    }
    const others = entry.slots.some((h) => h !== hash) || (entry.legacy !== undefined && entry.legacy.binding !== binding);
    return { withheld: others };
  }

  /** Stores the secrets of (name, binding), or removes that slot when `secrets` is undefined. */
  async write(name: string, binding: string, secrets: ProfileSecrets | undefined): Promise<void> {
    const entry = await this.migrated(name);
    const hash = bindingHash(binding);
    if (secrets === undefined) {
      await this.store.delete(this.slotKey(name, binding));
      await this.saveEntry(name, entry.slots.filter((h) => h !== hash));
      return;
    }
    await this.store.store(this.slotKey(name, binding), JSON.stringify({
      ...(secrets.token !== undefined ? { token: secrets.token } : {}), headers: secrets.headers, binding,
    }));
    await this.saveEntry(name, entry.slots.includes(hash) ? entry.slots : [...entry.slots, hash]);
  }

  private async entry(name: string): Promise<NameEntry> {
    const value = parse(await this.store.get(this.nameKey(name)));
    if (typeof value !== 'object' || value === null) return { slots: [] };
    const v = value as { slots?: unknown } & SlotValue;
    if (Array.isArray(v.slots)) return { slots: v.slots.filter((s): s is string => typeof s === 'string') };
    // An older version's entry: the secrets themselves. Without a binding they belong to no server.
    return typeof v.binding === 'string' ? { slots: [], legacy: v } : { slots: [] };
  }

  /** The name's entry, with an older version's secrets first moved into their own slot. */
  private async migrated(name: string): Promise<NameEntry> {
    const entry = await this.entry(name);
    if (entry.legacy === undefined) return entry;
    const binding = entry.legacy.binding as string;
    await this.store.store(this.slotKey(name, binding), JSON.stringify({ ...toSecrets(entry.legacy), binding }));
    const slots = [...new Set([...entry.slots, bindingHash(binding)])];
    await this.saveEntry(name, slots);
    return { slots };
  }

  private async saveEntry(name: string, slots: string[]): Promise<void> {
    if (slots.length === 0) await this.store.delete(this.nameKey(name));
    else await this.store.store(this.nameKey(name), JSON.stringify({ slots }));
  }
}
