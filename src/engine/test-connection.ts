// "Test connection": open a session, measure, close. The answer is the Spark version with timings,
// or what went wrong while connecting (name lookup, refused, TLS, authentication, timeout).
import type { ProfileClientOptions } from '../profiles/connection-options';
import type { SparkEngine } from './engine';
import { registerCredentials, redactSecrets } from '../connect/redact';
import { describeConnectFailure, describeFailure } from './error-report';

export type TestResult =
  | { ok: true; sparkVersion: string; connectMs: number; roundTripMs: number }
  /** message: one line for the user; detail: the full story for the log. Both already redacted. */
  | { ok: false; message: string; detail: string; error: unknown };

export async function testConnection(engine: SparkEngine, options: ProfileClientOptions, signal?: AbortSignal, now: () => number = () => performance.now()): Promise<TestResult> {
  // The options may be a draft's whose token and credential headers no client holds yet, or no longer
  // holds once a failed connect closed it: known to the redactor for as long as the test reports.
  const release = registerCredentials(options);
  const failed = (error: unknown): TestResult => ({
    ok: false, message: redactSecrets(describeConnectFailure(error)), detail: redactSecrets(describeFailure(error).detail), error,
  });
  const t0 = now();
  let session;
  try {
    session = await engine.connect(options, signal);
  } catch (error) {
    const result = failed(error);
    release();
    return result;
  }
  try {
    const connectMs = now() - t0;
    // The first call paid for connecting; a second one is a clean round trip.
    const t1 = now();
    await session.ping(signal);
    const roundTripMs = now() - t1;
    return { ok: true, sparkVersion: session.sparkVersion, connectMs: Math.round(connectMs), roundTripMs: Math.round(roundTripMs) };
  } catch (error) {
    return failed(error);
  } finally {
    await session.close().catch(() => undefined);
    release();
  }
}
