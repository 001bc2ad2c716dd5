// One build script, two kinds of bundle:
//  - node (cjs): the extension (vscode external) and the CLI;
//  - browser (iife): one bundle per webview under media/<name>/main.ts, each with a byte budget.
import * as esbuild from 'esbuild';
import { existsSync, statSync, chmodSync, copyFileSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const nodeBuilds = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
].filter((b) => existsSync(b.entryPoints[0]));

// Budgets keep the webviews small: the .vsix must stay well under 5 MB.
const webviews = [
  { name: 'grid', budget: 600_000 },
  { name: 'plan', budget: 300_000 },
].filter((w) => existsSync(`media/${w.name}/main.ts`));

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'warning' };

const contexts = [];
for (const b of nodeBuilds) {
  contexts.push(await esbuild.context({ ...common, ...b, platform: 'node', format: 'cjs', target: 'node20' }));
}
for (const w of webviews) {
  contexts.push(await esbuild.context({
    ...common, entryPoints: [`media/${w.name}/main.ts`], outfile: `dist/media/${w.name}.js`,
    platform: 'browser', format: 'iife', target: 'chrome114',
  }));
}
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
  // The webview host reads each page's HTML template (and the grid's stylesheet) from dist/media.
  mkdirSync('dist/media', { recursive: true });
  for (const w of webviews) {
    copyFileSync(`media/${w.name}/index.html`, `dist/media/${w.name}.html`);
    if (existsSync(`media/${w.name}/grid.css`)) copyFileSync(`media/${w.name}/grid.css`, `dist/media/${w.name}.css`);
  }
  for (const w of webviews) {
    const size = statSync(`dist/media/${w.name}.js`).size;
    if (production && size > w.budget) {
      console.error(`webview ${w.name} is ${size} bytes, over its budget of ${w.budget}`);
      process.exit(1);
    }
  }
}
