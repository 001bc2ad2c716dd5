// Shared by the TLS integration tests: where the shared servers are (host and port for nginx's
// upstream), and how to run a call that must fail, timing it and checking no secret leaked.
import assert from 'node:assert/strict';
import { SparkConnectError } from '../../../src/connect/errors';
import { parseConnectionString } from '../../../src/connect/connection-string';

export interface Upstream {
  upstreamHost: string;
  upstreamPort: number;
}

/** nginx's upstream for a server's connection string (nginx resolves "localhost" to ::1 first; avoid). */
export function upstreamOf(remote: string): Upstream {
  const o = parseConnectionString(remote);
  return { upstreamHost: o.host === 'localhost' ? '127.0.0.1' : o.host, upstreamPort: o.port };
}

/** Every string a user or a log could see from an error: message, hint, stack, and the whole cause chain. */
export function visibleText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; cur !== undefined && cur !== null && i < 16; i++) {
    if (cur instanceof Error) {
      parts.push(cur.message, cur.stack ?? '');
      if (cur instanceof SparkConnectError) parts.push(cur.hint ?? '', cur.serverStackTrace ?? '');
      const details = (cur as Error & { details?: unknown }).details;
      if (typeof details === 'string') parts.push(details);
      cur = (cur as Error & { cause?: unknown }).cause;
    } else {
      parts.push(String(cur));
      break;
    }
  }
  return parts.join('\n');
}

/**
 * Awaits a call that must fail with a SparkConnectError within boundMs; returns the error and how long
 * it took. `secret`, when given, must appear nowhere in what the error shows.
 */
export async function failsWithin(call: () => Promise<unknown>, boundMs: number, secret?: string): Promise<{ error: SparkConnectError; ms: number }> {
  const t0 = Date.now();
  let caught: unknown;
  try {
    await call();
  } catch (e) {
    caught = e;
  }
  const ms = Date.now() - t0;
  assert.ok(caught !== undefined, 'the call succeeded but should have failed');
  assert.ok(caught instanceof SparkConnectError, `not a SparkConnectError: ${String(caught)}`);
  assert.ok(ms < boundMs, `the error took ${ms} ms (bound ${boundMs} ms): ${caught.message}`);
  if (secret !== undefined) assert.ok(!visibleText(caught).includes(secret), `the secret leaked into the error: ${caught.message}`);
  return { error: caught, ms };
}
