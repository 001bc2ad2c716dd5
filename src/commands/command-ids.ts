// Every command the extension contributes, in one list. package.json's contributes.commands must match
// it exactly and register.ts must register each one once (both checked by unit tests).

export const COMMAND_IDS = [
  'sparkConnect.profiles.create',
  'sparkConnect.profiles.pasteConnectionString',
  'sparkConnect.profiles.importSparkRemote',
  'sparkConnect.profiles.edit',
  'sparkConnect.profiles.duplicate',
  'sparkConnect.profiles.delete',
  'sparkConnect.profiles.test',
  'sparkConnect.profiles.openSparkUi',
  'sparkConnect.connection.connect',
  'sparkConnect.connection.disconnect',
  'sparkConnect.connection.reconnect',
  'sparkConnect.connection.switch',
  'sparkConnect.sql.run',
  'sparkConnect.sql.runFile',
  'sparkConnect.sql.runStatement',
  'sparkConnect.sql.explain',
  'sparkConnect.sql.explainStatement',
  'sparkConnect.sql.cancel',
  'sparkConnect.explorer.refresh',
  'sparkConnect.explorer.selectTop100',
  'sparkConnect.explorer.describe',
  'sparkConnect.explorer.showDdl',
  'sparkConnect.explorer.explain',
  'sparkConnect.explorer.copyName',
  'sparkConnect.explorer.insertName',
  'sparkConnect.operations.cancel',
  'sparkConnect.operations.rerun',
  'sparkConnect.operations.open',
  'sparkConnect.operations.clearHistory',
  'sparkConnect.local.start',
  'sparkConnect.local.stop',
  'sparkConnect.local.showLog',
  'sparkConnect.log.show',
  'sparkConnect.pyspark.run',
  'sparkConnect.pyspark.runFile',
  'sparkConnect.pyspark.runStatement',
  'sparkConnect.pyspark.explainStatement',
  'sparkConnect.notebook.restart',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** Commands that act on the active connection: without one they answer "Not connected — Connect…". */
export const NEEDS_CONNECTION: ReadonlySet<CommandId> = new Set<CommandId>([
  'sparkConnect.sql.run',
  'sparkConnect.sql.runFile',
  'sparkConnect.sql.runStatement',
  'sparkConnect.sql.explain',
  'sparkConnect.sql.explainStatement',
  // pyspark.run and pyspark.runFile are not here: in a Python file that is not PySpark code they give
  // the key back to the editor (pyspark-commands.ts), which must not ask for a connection first.
  'sparkConnect.pyspark.runStatement',
  'sparkConnect.pyspark.explainStatement',
]);

/** A command handler: VS Code passes whatever arguments the menu or caller gives. */
export type Handler = (...args: unknown[]) => unknown;
