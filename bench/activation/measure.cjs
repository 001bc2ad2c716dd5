// One activation, in a process of its own (so nothing is cached from an earlier run): loads
// <root>/dist/extension.js against the vscode stub, calls activate() and prints what it took as JSON.
//   node bench/activation/measure.cjs <root>
'use strict';
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { installVscodeStub, fakeExtensionContext } = require('./vscode-stub.cjs');

async function main() {
  const root = path.resolve(process.argv[2] ?? '.');
  const stub = installVscodeStub();
  const context = fakeExtensionContext(root);
  const before = new Set(Object.keys(require.cache));
  const t0 = performance.now();
  const extension = require(path.join(root, 'dist', 'extension.js'));
  const t1 = performance.now();
  // VS Code awaits activate() when it returns a promise; so does the measurement.
  await extension.activate(context);
  const t2 = performance.now();
  const loaded = Object.keys(require.cache).filter((f) => !before.has(f)).map((f) => path.relative(root, f));
  await extension.deactivate?.();
  for (const d of context.subscriptions) d?.dispose?.();
  process.stdout.write(`${JSON.stringify({
    loadMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, loaded,
    registeredCommands: stub.registeredCommands, errorsShown: stub.errorsShown,
    logErrors: stub.logLines.filter((l) => l.startsWith('error')),
  })}\n`);
}

main().then(() => process.exit(0), (err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
