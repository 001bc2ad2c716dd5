// Waiting for something that happens over real I/O (a socket, a child process, a worker, a browser
// page): a fixed sleep before the check races a loaded machine, where the event can come later than the
// sleep ends. Polling with a generous overall deadline does not, and a passing run returns as soon as it can.

/**
 * Polls `probe` (sync or async) until it returns a truthy value, and returns that; a probe that throws
 * is asked again. Fails with `what` and the last value or error after `timeoutMs`. Asserting on the
 * value afterwards keeps the test able to fail.
 */
export async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000, everyMs = 10): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
