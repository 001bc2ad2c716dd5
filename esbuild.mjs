// One build script, three kinds of bundle:
//  - the extension (node, cjs, `vscode` external), split so that activation stays fast:
//      dist/extension.js   what activate() needs: views, commands, profiles (no gRPC/protobuf/Arrow);
//      dist/<name>.js      one bundle per module the extension loads with a dynamic import(), e.g.
//                          dist/connect-engine.js, the embedded Spark Connect client, loaded at first connect;
//      dist/shared-<name>.js  modules that must exist once at runtime although several bundles use them
//                          (see SHARED below);
//  - the CLI (node, cjs, one self-contained file);
//  - browser (iife): one bundle per webview under media/<name>/main.ts, each with a byte budget.
// esbuild only splits code for ESM output, and VS Code 1.90 loads extensions as CommonJS, so the split
// is done here by hand: a dynamic import() of a project module becomes require('./<name>.js') of a
// bundle of its own (Node resolves it next to dist/extension.js), built in a second pass.
// `--production` minifies and drops source maps. dist/meta/*.json says which sources went into which
// extension bundle (the package tests check the split with it; it is not packaged).
import * as esbuild from 'esbuild';
import { existsSync, statSync, chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync, watch as watchFiles, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const SRC = path.resolve('src');

// Modules with state or classes that cross the bundle boundary. A copy per bundle would break them:
// the client registers its token in redact.ts's registry, which the extension's redaction must see, and
// the extension tells SparkConnectErrors thrown by the client apart with instanceof.
const SHARED = {
  [path.join(SRC, 'connect/redact.ts')]: 'shared-redact.js',
  [path.join(SRC, 'connect/errors.ts')]: 'shared-errors.js',
  // Not for identity: the Python parser is large, and four bundles parse Python (see the module).
  [path.join(SRC, 'pyspark/python-grammar.ts')]: 'shared-python-grammar.js',
};

// The language service's parser module (see src/sql-language/dt-sql-parser-spark.ts).
const DT_SQL_PARSER_ENTRY = 'src/sql-language/dt-sql-parser-spark.ts';
const DT_SQL_PARSER_OUT = 'out/src/sql-language/dt-sql-parser-spark.js';

// Bundles that are budgets as much as files: activation parses all of dist/extension.js.
const ACTIVATION_BUDGET = 400_000;

/** The .ts/.js file a relative import names, or undefined when it is not a project source file. */
function projectFile(resolveDir, spec) {
  const base = path.resolve(resolveDir, spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts')]) {
    if (candidate.startsWith(SRC + path.sep) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** dist file name of a lazily loaded module: its base name (checked to be unique in splitPlugin). */
function lazyName(file) {
  return `${path.basename(file).replace(/\.[tj]s$/, '')}.js`;
}

/**
 * Rewrites, inside one extension bundle, dynamic imports of project modules into requires of their
 * own bundles (collected in `lazy`), and every import of a SHARED module into a require of its file.
 */
function splitPlugin(entry, lazy) {
  return {
    name: 'split-extension',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const file = projectFile(args.resolveDir, args.path);
        if (!file || file === entry) return undefined;
        if (SHARED[file]) return { path: `./${SHARED[file]}`, external: true };
        // The language service's grammar (0.9 MB) is required lazily, and mostly on its worker thread:
        // a bundle of its own keeps it off the extension host's thread when the worker runs it.
        if (args.kind === 'dynamic-import' || (args.kind === 'require-call' && file === path.resolve(DT_SQL_PARSER_ENTRY))) {
          const name = lazyName(file);
          const known = lazy.get(name);
          if (known && known !== file) throw new Error(`two lazily loaded modules would both be dist/${name}: ${known}, ${file}`);
          if (['extension.js', 'cli.js'].includes(name) || name.startsWith('shared-')) throw new Error(`a lazily loaded module cannot be dist/${name}: rename ${file}`);
          lazy.set(name, file);
          return { path: `./${name}`, external: true };
        }
        return undefined;
      });
    },
  };
}

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'warning', metafile: true };
// No native import() in the output: an external import() would go through Node's ESM loader, which the
// extension host does not promise to support for CommonJS extensions; esbuild lowers it to require().
// keepNames: error class names stay readable in logs and stack traces of the minified bundles.
const nodeCommon = {
  ...common, platform: 'node', format: 'cjs', target: 'node20', keepNames: true, supported: { 'dynamic-import': false },
};

const webviews = [
  { name: 'grid', budget: 600_000 },
  { name: 'plan', budget: 300_000 },
].filter((w) => existsSync(`media/${w.name}/main.ts`));
// Notebook renderers (contributes.notebookRenderer), with their byte budgets.
const renderers = [
  { name: 'notebook', budget: 700_000 },
].filter((r) => existsSync(`media/${r.name}/main.ts`));

/** Builds the extension bundles: extension.js, then every lazily loaded module, then SHARED. */
async function buildExtension() {
  const lazy = new Map();
  const built = new Map();
  const outputs = [];
  const one = async (entry, outfile) => {
    const result = await esbuild.build({
      ...nodeCommon, entryPoints: [entry], outfile, external: ['vscode'], plugins: [splitPlugin(entry, lazy)],
    });
    outputs.push({ outfile, metafile: result.metafile });
  };
  await one(path.join(SRC, 'extension.ts'), 'dist/extension.js');
  // Lazily loaded modules can themselves import() others: build until no new one appears.
  for (let pending = [...lazy]; pending.length > 0; pending = [...lazy].filter(([name]) => !built.has(name))) {
    for (const [name, file] of pending) {
      built.set(name, file);
      await one(file, `dist/${name}`);
    }
  }
  for (const [file, name] of Object.entries(SHARED)) await one(file, `dist/${name}`);
  return outputs;
}

async function buildOthers() {
  const contexts = [];
  if (existsSync('src/cli.ts')) {
    contexts.push(await esbuild.context({ ...nodeCommon, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }));
  }
  for (const w of webviews) {
    contexts.push(await esbuild.context({
      ...common, entryPoints: [`media/${w.name}/main.ts`], outfile: `dist/media/${w.name}.js`,
      platform: 'browser', format: 'iife', target: 'chrome114',
    }));
  }
  for (const r of renderers) {
    // Notebook renderers are ES modules (VS Code imports them and calls their exported activate).
    contexts.push(await esbuild.context({
      ...common, entryPoints: [`media/${r.name}/main.ts`], outfile: `dist/media/${r.name}.js`,
      platform: 'browser', format: 'esm', target: 'chrome114', loader: { '.css': 'text' },
    }));
  }
  return contexts;
}

if (watch) {
  // esbuild watches the CLI and webviews; the split extension is rebuilt whole on any change under src/.
  await buildExtension();
  let timer;
  watchFiles(SRC, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => buildExtension().then(() => console.log('extension rebuilt'), (e) => console.error(e.message)), 200);
  });
  const contexts = await buildOthers();
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const [extOutputs] = await Promise.all([buildExtension(), (async () => {
    const contexts = await buildOthers();
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
  })()]);
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
  // dt-sql-parser is ESM with directory imports, which Node cannot require: the bundles above take it
  // through esbuild, and the tests (tsc's out/) get a CommonJS bundle written over tsc's re-export.
  if (existsSync(DT_SQL_PARSER_ENTRY) && existsSync('out/src')) {
    await esbuild.build({ ...nodeCommon, sourcemap: false, metafile: false, entryPoints: [DT_SQL_PARSER_ENTRY], outfile: DT_SQL_PARSER_OUT });
  }
  // The webview host reads each page's HTML template (and the grid's stylesheet) from dist/media.
  mkdirSync('dist/media', { recursive: true });
  for (const w of webviews) {
    copyFileSync(`media/${w.name}/index.html`, `dist/media/${w.name}.html`);
    if (existsSync(`media/${w.name}/grid.css`)) copyFileSync(`media/${w.name}/grid.css`, `dist/media/${w.name}.css`);
  }
  // Remove what this build did not write (a bundle of a module that is no longer loaded lazily, maps
  // of a development build), so it cannot be packaged. Done after the build, never before: tests may
  // be reading dist/ while another process packages.
  const written = new Set(['cli.js', ...(production ? [] : ['cli.js.map']), 'media', 'meta', ...extOutputs.flatMap((o) => Object.keys(o.metafile.outputs).map((f) => path.relative('dist', f)))]);
  for (const f of readdirSync('dist')) if (!f.endsWith('.vsix') && !written.has(f)) rmSync(path.join('dist', f), { recursive: true, force: true });
  for (const f of readdirSync('dist/media')) if (f.endsWith('.map') && production) rmSync(path.join('dist/media', f), { force: true });
  mkdirSync('dist/meta', { recursive: true });
  for (const f of readdirSync('dist/meta')) rmSync(path.join('dist/meta', f), { force: true });
  for (const o of extOutputs) writeFileSync(`dist/meta/${path.basename(o.outfile, '.js')}.json`, JSON.stringify(o.metafile));
  const over = [];
  for (const w of [...webviews, ...renderers]) {
    const size = statSync(`dist/media/${w.name}.js`).size;
    if (production && size > w.budget) over.push(`webview ${w.name} is ${size} bytes, over its budget of ${w.budget}`);
  }
  const activation = statSync('dist/extension.js').size;
  if (production && activation > ACTIVATION_BUDGET) over.push(`dist/extension.js is ${activation} bytes, over its budget of ${ACTIVATION_BUDGET}`);
  if (over.length > 0) {
    console.error(over.join('\n'));
    process.exit(1);
  }
}
