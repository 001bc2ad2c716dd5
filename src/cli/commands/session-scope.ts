// One session per command run: created, configured, used, and always released, also after a failure
// or Ctrl+C, so the server does not keep our session (and its temp views) until it times out.
import type { SparkConnectClient } from '../../connect/client';
import { describeError } from '../../connect/logger';
import type { ConnectionArgs } from '../args';
import { createClient, prepareSession } from '../connect';
import type { CliIO } from '../io';

// Closing releases the session on the server; past this, exit anyway.
const CLOSE_GRACE_MS = 3_000;

export async function runWithClient<T>(
  args: ConnectionArgs, io: CliIO, body: (client: SparkConnectClient, timeZone: string) => Promise<T>,
): Promise<T> {
  const client = createClient(args, io.logger);
  try {
    const timeZone = await prepareSession(client, args.conf, io.signal);
    return await body(client, timeZone);
  } finally {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
    });
    await Promise.race([
      client.close().catch((err: unknown) => io.logger.debug(`closing the session failed: ${describeError(err)}`)),
      grace,
    ]);
    clearTimeout(timer);
  }
}
