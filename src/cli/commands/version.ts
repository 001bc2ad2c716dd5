// `spark-connect version`: this tool's version, and the server's Spark version when a server is known.
import type { CliCommand } from '../args';
import { ExitCode } from '../exit-codes';
import type { CliIO } from '../io';
import { createClient } from '../connect';
import { describeError } from '../../connect/logger';

type VersionCommand = Extract<CliCommand, { kind: 'version' }>;

export async function runVersion(cmd: VersionCommand, io: CliIO): Promise<number> {
  await io.stdout.write(`spark-connect ${io.version} (node ${process.versions.node})\n`);
  if (cmd.connection.remote === undefined) return ExitCode.ok;
  const client = createClient(cmd.connection, io.logger);
  try {
    const version = await client.sparkVersion({ signal: io.signal });
    await io.stdout.write(`server: Spark ${version} at ${client.displayName}\n`);
    return ExitCode.ok;
  } finally {
    await client.close().catch((err: unknown) => io.logger.debug(`closing the session failed: ${describeError(err)}`));
  }
}
