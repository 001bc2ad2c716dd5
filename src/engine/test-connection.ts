// "Test connection": open a session, measure, close. The answer is the Spark version with timings,
// or what went wrong while connecting (name lookup, refused, TLS, authentication, timeout).
import type { ProfileClientOptions } from '../profiles/connection-options';
import type { SparkEngine } from './engine';
import { describeConnectFailure } from './error-report';

export type TestResult =
  | { ok: true; sparkVersion: string; connectMs: number; roundTripMs: number }
  | { ok: false; message: string; error: unknown };

export async function testConnection(engine: SparkEngine, options: ProfileClientOptions, signal?: AbortSignal, now: () => number = () => performance.now()): Promise<TestResult> {
  const t0 = now();
  let session;
  try {
    session = await engine.connect(options, signal);
  } catch (error) {
    return { ok: false, message: describeConnectFailure(error), error };
  }
  try {
    const connectMs = now() - t0;
    // The first call paid for connecting; a second one is a clean round trip.
    const t1 = now();
    await session.ping(signal);
    const roundTripMs = now() - t1;
    return { ok: true, sparkVersion: session.sparkVersion, connectMs: Math.round(connectMs), roundTripMs: Math.round(roundTripMs) };
  } catch (error) {
    return { ok: false, message: describeConnectFailure(error), error };
  } finally {
    await session.close().catch(() => undefined);
  }
}
