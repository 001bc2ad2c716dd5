// One engine session per command run: created, configured, used, and always released, also after a
// failure or Ctrl+C, so the server does not keep our session (and its temp views) until it times out.
// The CLI runs statements and explains through the same engine session class as the extension.
import { describeError } from '../../connect/logger';
import { ConnectEngineSession } from '../../engine/connect-engine';
import type { ConnectionArgs } from '../args';
import { createClient, prepareSession } from '../connect';
import type { CliIO } from '../io';

// Closing releases the session on the server; past this, exit anyway.
const CLOSE_GRACE_MS = 3_000;

export async function runWithSession<T>(
  args: ConnectionArgs, io: CliIO, body: (session: ConnectEngineSession, timeZone: string) => Promise<T>,
): Promise<T> {
  const client = createClient(args, io.logger);
  // open() closes the client itself when the server cannot be reached.
  const session = await ConnectEngineSession.open(client, io.logger, { signal: io.signal });
  try {
    const timeZone = await prepareSession(session, args.conf, io.signal);
    return await body(session, timeZone);
  } finally {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
    });
    await Promise.race([
      session.close().catch((err: unknown) => io.logger.debug(`closing the session failed: ${describeError(err)}`)),
      grace,
    ]);
    clearTimeout(timer);
  }
}
