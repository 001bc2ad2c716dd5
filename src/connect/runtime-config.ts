// spark.conf: the session's runtime SQL configuration (Config RPC), like PySpark's RuntimeConfig.
import { spark } from './generated/spark-connect';
import type { SessionClient } from './session-core';
import type { Logger } from './logger';

type ConfigValue = string | number | boolean | bigint;

function asText(v: ConfigValue): string {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
}

export class RuntimeConfig {
  constructor(private readonly client: Pick<SessionClient, 'config'>, private readonly logger?: Logger) {}

  /** Sets a key; booleans and numbers are written the way Spark spells them. */
  async set(key: string, value: ConfigValue, opts?: { signal?: AbortSignal }): Promise<void> {
    await this.run({ set: { pairs: [{ key, value: asText(value) }] } }, opts);
  }

  /** Sets several keys in one call. */
  async setAll(configs: Record<string, ConfigValue>, opts?: { signal?: AbortSignal }): Promise<void> {
    await this.run({ set: { pairs: Object.entries(configs).map(([key, v]) => ({ key, value: asText(v) })) } }, opts);
  }

  /**
   * The value of a key. Without a default an unset key without a built-in default is an error (as
   * in PySpark); with a default (which may be null) that default comes back instead.
   */
  async get(key: string, defaultValue?: string | null, opts?: { signal?: AbortSignal }): Promise<string | null> {
    const op: spark.connect.ConfigRequest.IOperation = defaultValue === undefined
      ? { get: { keys: [key] } }
      : { getWithDefault: { pairs: [defaultValue === null ? { key } : { key, value: defaultValue }] } };
    const r = await this.run(op, opts);
    const v = r.pairs?.[0]?.value;
    return v === undefined ? null : v;
  }

  /** The value of a key, or null when it is not set (PySpark's getOption). */
  async getOption(key: string, opts?: { signal?: AbortSignal }): Promise<string | null> {
    const r = await this.run({ getOption: { keys: [key] } }, opts);
    return r.pairs?.[0]?.value ?? null;
  }

  /** All keys that are set in this session (optionally only those with a prefix). */
  async getAll(prefix?: string, opts?: { signal?: AbortSignal }): Promise<Record<string, string>> {
    const r = await this.run({ getAll: prefix === undefined ? {} : { prefix } }, opts);
    const out: Record<string, string> = {};
    for (const p of r.pairs ?? []) if (p.key && p.value !== undefined && p.value !== null) out[p.key] = p.value;
    return out;
  }

  async unset(key: string, opts?: { signal?: AbortSignal }): Promise<void> {
    await this.run({ unset: { keys: [key] } }, opts);
  }

  /** Whether the key can be changed at runtime in this session. */
  async isModifiable(key: string, opts?: { signal?: AbortSignal }): Promise<boolean> {
    const r = await this.run({ isModifiable: { keys: [key] } }, opts);
    const v = r.pairs?.[0]?.value;
    if (v !== 'true' && v !== 'false') throw new Error(`isModifiable(${key}): unexpected answer '${String(v)}'`);
    return v === 'true';
  }

  private async run(op: spark.connect.ConfigRequest.IOperation, opts?: { signal?: AbortSignal }): Promise<spark.connect.ConfigResponse.$Properties> {
    const r = await this.client.config(op, opts);
    // The server warns about deprecated or static keys; PySpark shows them as Python warnings.
    for (const w of r.warnings ?? []) this.logger?.warn(w);
    return r;
  }
}
