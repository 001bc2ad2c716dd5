// In-memory settings and secret stores: for tests, and for hosts without VS Code (the CLI).
import { ProfileScope, ProfileSettingsStore, SecretStore } from './profile-repository';

export class MemorySettingsStore implements ProfileSettingsStore {
  private readonly values = new Map<ProfileScope, unknown>();
  /** Every value ever written, serialized, so tests can search all of it. */
  readonly writes: string[] = [];

  constructor(private workspaceOpen = true, private workspace = 'file:///memory/workspace') {}

  read(scope: ProfileScope): unknown {
    const v = this.values.get(scope);
    return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
  }

  async write(scope: ProfileScope, profiles: unknown[]): Promise<void> {
    const json = JSON.stringify(profiles);
    this.writes.push(json);
    this.values.set(scope, JSON.parse(json));
  }

  /** Puts a raw value in place, as a user editing settings.json would. */
  setRaw(scope: ProfileScope, value: unknown): void {
    this.values.set(scope, value);
  }

  hasWorkspace(): boolean {
    return this.workspaceOpen;
  }

  setWorkspaceOpen(open: boolean): void {
    this.workspaceOpen = open;
  }

  workspaceId(): string | undefined {
    return this.workspaceOpen ? this.workspace : undefined;
  }

  /** Another folder opened in the same window: same user settings, another workspace. */
  setWorkspaceId(id: string): void {
    this.workspace = id;
  }
}

export class MemorySecretStore implements SecretStore {
  readonly values = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}
