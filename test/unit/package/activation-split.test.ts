// The extension is split so that activation stays fast (esbuild.mjs): dist/extension.js holds what
// activate() needs, the embedded client (gRPC, protobuf, Arrow) is dist/connect-engine.js, loaded at
// the first connect, and modules whose identity matters exist once, in dist/shared-*.js. These tests
// check the built bundles, and activate() itself against a stub vscode module in a fresh process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { CLIENT_LIBRARIES, DIST, Metafile, ROOT, packageOf, requireBuilt } from './built-package';

function metafile(bundle: string): Metafile {
  return JSON.parse(readFileSync(requireBuilt(path.join(DIST, 'meta', `${bundle}.json`)), 'utf8')) as Metafile;
}

function projectInputs(m: Metafile): string[] {
  return Object.keys(m.inputs).filter((i) => packageOf(i) === undefined);
}

function externalRequires(m: Metafile): string[] {
  const out = Object.entries(m.outputs).find(([file]) => file.endsWith('.js'));
  assert.ok(out, 'metafile without a .js output');
  return [...new Set(out[1].imports.filter((i) => i.external && i.path.startsWith('./')).map((i) => i.path))].sort();
}

// Strings that only the client libraries contain (they survive minification): their presence in the
// activation bundle would mean the split leaked, whatever the metafile says.
const LIBRARY_MARKERS: Record<string, string[]> = {
  '@grpc/grpc-js': ['grpc-node-js', 'grpc-accept-encoding'],
  protobufjs: ['invalid wire type', 'illegal buffer'],
  'apache-arrow': ['RecordBatchReader'],
};

test('the activation bundle contains no gRPC, protobuf or Arrow code', () => {
  const m = metafile('extension');
  const libraries = [...new Set(Object.keys(m.inputs).map(packageOf).filter((p): p is string => p !== undefined))];
  assert.deepEqual(libraries.filter((p) => CLIENT_LIBRARIES.includes(p)), [], 'client libraries bundled into dist/extension.js');
  const generated = projectInputs(m).filter((i) => i.includes('connect/generated/') || i.endsWith('connect/client.ts') || i.endsWith('connect/channel.ts'));
  assert.deepEqual(generated, [], 'client sources bundled into dist/extension.js');

  const code = readFileSync(requireBuilt(path.join(DIST, 'extension.js')), 'utf8');
  const engine = readFileSync(requireBuilt(path.join(DIST, 'connect-engine.js')), 'utf8');
  for (const [library, markers] of Object.entries(LIBRARY_MARKERS)) {
    for (const marker of markers) {
      // The marker must identify the library: it is in the engine, which bundles it.
      assert.ok(engine.includes(marker), `marker ${JSON.stringify(marker)} of ${library} is not in dist/connect-engine.js: pick another`);
      assert.ok(!code.includes(marker), `dist/extension.js contains ${library} code (${JSON.stringify(marker)})`);
    }
  }
  assert.ok(code.length < 400_000, `dist/extension.js is ${code.length} bytes; activation parses all of it`);
});

test('the client bundle exports the engine the extension loads, and takes shared modules from dist/shared-*.js', () => {
  const m = metafile('connect-engine');
  const inputs = projectInputs(m);
  assert.ok(inputs.some((i) => i.endsWith('src/connect/client.ts')), 'the client is not in dist/connect-engine.js');
  assert.deepEqual(inputs.filter((i) => /src\/connect\/(?:redact|errors)\.ts$/.test(i)), [], 'shared modules bundled a second time');
  assert.deepEqual(externalRequires(m), ['./shared-errors.js', './shared-python-grammar.js', './shared-redact.js']);
  assert.ok(externalRequires(metafile('extension')).includes('./connect-engine.js'), 'dist/extension.js does not load dist/connect-engine.js');

  // The built bundle, loaded with require as VS Code loads it.
  const engineModule = require(path.join(DIST, 'connect-engine.js')) as Record<string, unknown>;
  assert.equal(typeof engineModule.ConnectEngine, 'function');
});

test('an error from the client bundle is a SparkConnectError for the extension bundle too', async () => {
  // A port nobody listens on: connecting fails at once with 'unavailable'.
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  // The built bundles, loaded with require as VS Code loads them.
  const { ConnectEngine } = require(path.join(DIST, 'connect-engine.js')) as {
    ConnectEngine: new (logger: unknown, clientType: string) => { connect(options: unknown): Promise<unknown> };
  };
  const { SparkConnectError } = require(path.join(DIST, 'shared-errors.js')) as { SparkConnectError: new (...a: unknown[]) => Error };
  const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const engine = new ConnectEngine(quiet, 'package-test');
  const failure = await engine.connect({
    host: '127.0.0.1', port, useSsl: false, headers: {}, connectTimeoutMs: 5000, retryPolicy: { maxAttempts: 1 },
  }).then(() => undefined, (err: unknown) => err);
  assert.ok(failure instanceof SparkConnectError, `not a SparkConnectError of dist/shared-errors.js: ${String(failure)}`);
  assert.equal((failure as unknown as { reason: string }).reason, 'unavailable');
});

// Modules bundled into more than one extension bundle exist once per bundle at runtime. That is only
// safe for modules without state and without classes checked with instanceof across bundles; those
// below were reviewed for it. Anything else belongs in SHARED in esbuild.mjs.
const REVIEWED_DUPLICATES = new Set([
  'src/sql/identifiers.ts', 'src/sql/lexer.ts', 'src/sql/error-position.ts', 'src/connect/connection-string.ts',
  'src/connect/arrow-result.ts', 'src/connect/arrow-rows.ts', 'src/connect/row.ts', 'src/connect/timestamp.ts',
  // The results grid's export (loaded lazily) shares these with the client; IpcFormatError is only
  // checked inside src/arrow-format, which each bundle has whole.
  'src/arrow-format/ipc-file.ts', 'src/arrow-format/ipc-truncate.ts', 'src/arrow-format/bytes.ts',
  // The client converts ExecutePlan metrics with readExecutionMetrics; the plan panel merges them. Pure
  // functions over plain data: no module state, no classes.
  'src/plan/metrics.ts', 'src/plan/walk.ts',
  // Explain checks that its text is one statement (engine) and the editor splits selections (extension):
  // pure functions over strings, no module state, no classes.
  'src/sql/split.ts', 'src/sql/parameters.ts',
  // The notebook kernel (loaded at the first cell run) formats its HTML preview with the same cell
  // formatters as the export: pure functions; datetime.ts's only module state is a cache of time-zone
  // offsets, which two copies merely fill twice.
  'src/arrow-format/datetime.ts', 'src/arrow-format/intervals.ts', 'src/arrow-format/json-value.ts',
  'src/arrow-format/renderer.ts', 'src/arrow-format/numbers.ts', 'src/arrow-format/variant.ts',
  'src/arrow-format/nested.ts', 'src/arrow-format/scalars.ts', 'src/arrow-format/spark-type.ts',
  'src/arrow-format/formatter.ts',
  // The kernel runs SQL cells through the same statement runner as the editor: functions over the
  // objects passed in (session, operations model, presenter), no module state; SparkConnectError, the one
  // class it checks with instanceof, is SHARED.
  'src/engine/query-runner.ts', 'src/engine/error-report.ts', 'src/protocol/guards.ts',
  // isPySparkError reads an error's fields (no instanceof across bundles, no state).
  'src/engine/pyspark-session.ts',
  // The SQL language service (dist/sql-language-service.js) reads statements and server errors as the
  // editor and the engine do: pure functions over strings and errors, no module state, no classes.
  'src/sql/statement-kind.ts', 'src/sql/statement-at.ts', 'src/engine/error-report.ts',
  // Offsets to line/column (the PySpark slice and the SQL language service both map positions): a class
  // built per text, no module state, never checked with instanceof across bundles.
  'src/sql/line-index.ts',
  // Which statements are session commands (SET, USE…): the query runner asks it in both bundles; a pure function of text.
  'src/sql/session-command.ts',
  // The stream transport choices (constants only): the settings read them at activation, the client too.
  'src/connect/stream-transport.ts',
  // A server-side sort/filter in words (results panel) and the check whether it changes anything (engine):
  // pure functions over plain data, no module state, no classes.
  'src/engine/refinement.ts',
  // Top-level statements of Python source and the incremental re-parse: the editor's slice and the
  // runner's parse both use them. Constant sets and a class used only inside the module; the parser
  // they drive is the one copy in dist/shared-python-grammar.js.
  'src/pyspark/top-level-statements.ts',
  // What each PySpark output shows (grid, text, plan), for the editor and the notebook kernel alike:
  // functions over the outputs and callbacks passed in, no module state, no classes.
  'src/engine/pyspark-outputs.ts',
  // Notebook row paging: the controller answers the renderer's messages at activation (the MIME type, the
  // renderer id, the request check), the kernel writes result keys: constants and pure checks, no state.
  'src/protocol/notebook-output.ts', 'src/protocol/notebook-paging.ts',
]);

test('modules in more than one extension bundle are stateless ones reviewed for it', () => {
  const bundles = readdirSync(requireBuilt(path.join(DIST, 'meta'))).map((f) => path.basename(f, '.json'));
  assert.ok(bundles.includes('extension') && bundles.includes('connect-engine'), `bundles: ${bundles.join(', ')}`);
  const seen = new Map<string, string[]>();
  for (const b of bundles) {
    for (const i of projectInputs(metafile(b))) seen.set(i, [...(seen.get(i) ?? []), b]);
  }
  const unreviewed = [...seen].filter(([file, inBundles]) => inBundles.length > 1 && !REVIEWED_DUPLICATES.has(file))
    .map(([file, inBundles]) => `${file} (${inBundles.join(', ')})`);
  assert.deepEqual(unreviewed, [], 'review these for module state and instanceof, then add them here or to SHARED in esbuild.mjs');
});

// The results export (dist/export-entry.js, loaded when the user saves a result) decodes the host's IPC
// bytes with its own Arrow: no Arrow object crosses between it and the client, and these libraries keep
// no process-wide settings. Reviewed; the cost is the size of that lazily loaded bundle.
const REVIEWED_DUPLICATE_PACKAGES = new Set(['apache-arrow', 'flatbuffers', 'tslib']);

// An npm package in two bundles is two copies at runtime: process-wide settings made on one (grpc-js's
// logger, say) would miss the other, and the .vsix carries it twice.
test('no npm package is bundled into more than one extension bundle', () => {
  const bundles = readdirSync(requireBuilt(path.join(DIST, 'meta'))).map((f) => path.basename(f, '.json'));
  const seen = new Map<string, string[]>();
  for (const b of bundles) {
    const packages = new Set(Object.keys(metafile(b).inputs).map(packageOf).filter((p): p is string => p !== undefined));
    for (const p of packages) seen.set(p, [...(seen.get(p) ?? []), b]);
  }
  const twice = [...seen].filter(([p, inBundles]) => inBundles.length > 1 && !REVIEWED_DUPLICATE_PACKAGES.has(p))
    .map(([p, inBundles]) => `${p} (${inBundles.join(', ')})`);
  assert.deepEqual(twice, []);
  assert.deepEqual((seen.get('@grpc/grpc-js') ?? []), ['connect-engine'], 'grpc-js lives in the client bundle only');
  // The Python parser: once, in dist/shared-python-grammar.js, for every bundle that parses Python.
  for (const p of ['@lezer/python', '@lezer/lr', '@lezer/common']) assert.deepEqual(seen.get(p) ?? [], ['shared-python-grammar'], p);
});

interface Activation {
  loadMs: number;
  activateMs: number;
  loaded: string[];
  registeredCommands: string[];
  errorsShown: string[];
  logErrors: string[];
}

test('activate() registers every contributed command without loading the client', () => {
  requireBuilt(path.join(DIST, 'extension.js'));
  const stdout = execFileSync(process.execPath, [path.join(ROOT, 'bench', 'activation', 'measure.cjs'), ROOT], { encoding: 'utf8' });
  const run = JSON.parse(stdout) as Activation;
  assert.deepEqual(run.errorsShown, []);
  assert.deepEqual(run.logErrors, []);
  const loaded = run.loaded.map((f) => f.split(path.sep).join('/'));
  assert.deepEqual(loaded.filter((f) => f.startsWith('dist/')).sort(), ['dist/extension.js', 'dist/shared-errors.js', 'dist/shared-redact.js']);
  assert.deepEqual(loaded.filter((f) => f.includes('node_modules')), [], 'activation loaded packages from node_modules');
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
  const registered = new Set(run.registeredCommands);
  assert.ok(registered.size >= 10, `only ${registered.size} commands registered`);
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c)), [], 'contributed but not registered at activation');
});
