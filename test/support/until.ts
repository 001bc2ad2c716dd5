// Waiting for something that happens over real I/O (a socket, a child process, a worker): a fixed
// sleep before the check races a loaded machine, where the event can come later than the sleep ends.
// Polling with a generous overall deadline does not, and a passing run returns as soon as it can.

/**
 * Polls `probe` until it returns something other than undefined or false, and returns that; fails
 * with `what` after `timeoutMs`. Asserting on the value afterwards keeps the test able to fail.
 */
export async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000, everyMs = 10): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
