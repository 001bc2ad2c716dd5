// The .vsix that `npm run package` writes, as users get it: what is inside, what is not, how big it is,
// and the manifest the marketplace and VS Code read from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { readZipEntries } from '../../integration/protocol/zip-entries';
import { ROOT, VSIX, requireBuilt } from './built-package';

const MAX_BYTES = 5 * 1024 * 1024;

let cached: Map<string, string> | undefined;
/** Every entry of the package, by name, as text. */
function entries(): Map<string, string> {
  cached ??= readZipEntries(requireBuilt(VSIX), () => true);
  return cached;
}

/** Names under extension/, the extension's own folder in a .vsix. */
function extensionFiles(): string[] {
  return [...entries().keys()].filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
}

interface Manifest {
  name: string;
  displayName?: string;
  description?: string;
  publisher?: string;
  version: string;
  license?: string;
  icon?: string;
  main?: string;
  galleryBanner?: { color?: string; theme?: string };
  categories?: string[];
  keywords?: string[];
  repository?: { url?: string } | string;
  homepage?: string;
  bugs?: { url?: string };
  engines: { vscode: string };
  activationEvents?: string[];
  contributes: {
    commands: Array<{ command: string }>;
    walkthroughs?: Array<{ id: string; title: string; steps: Array<{ id: string; title: string; description: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }> }>;
  };
}

function manifest(): Manifest {
  const text = entries().get('extension/package.json');
  assert.ok(text, 'package.json is not in the package');
  return JSON.parse(text) as Manifest;
}

test('the package is under 5 MB', () => {
  const size = statSync(requireBuilt(VSIX)).size;
  assert.ok(size > 100_000, `${size} bytes: suspiciously small`);
  assert.ok(size < MAX_BYTES, `${VSIX} is ${size} bytes, over ${MAX_BYTES}`);
});

test('the package holds no sources, tests, caches, protos, source maps or node_modules', () => {
  const files = extensionFiles();
  assert.ok(files.length > 10, `only ${files.length} files`);
  const forbidden = files.filter((f) =>
    /^(?:src|test|out|bench|proto|scripts|node_modules|\.cache|\.ci|test-results)\//.test(f)
    || /\.(?:map|ts|tsbuildinfo|proto|vsix)$/.test(f)
    || /(?:^|\/)\.(?!vsixmanifest)/.test(f)
    || f === 'dist/cli.js' || f.startsWith('dist/meta/'));
  assert.deepEqual(forbidden, []);
});

test('the package holds what the extension loads at runtime', () => {
  const files = new Set(extensionFiles());
  const m = manifest();
  const required = [
    'package.json', 'package.nls.json', 'l10n/bundle.l10n.json', 'readme.md', 'changelog.md', 'LICENSE.txt',
    'dist/extension.js', 'dist/connect-engine.js', 'dist/shared-errors.js', 'dist/shared-redact.js', 'dist/shared-python-grammar.js',
    'dist/media/grid.js', 'dist/media/grid.css', 'dist/media/grid.html',
    'dist/media/plan.js', 'dist/media/plan.css', 'dist/media/plan.html',
    'media/icons/spark.svg', String(m.icon), String(m.main).replace(/^\.\//, ''),
  ];
  assert.deepEqual(required.filter((f) => !files.has(f)), []);
  // Every bundle a packaged bundle requires by relative path is packaged too.
  const missing: string[] = [];
  for (const f of files) {
    if (!/^dist\/[^/]+\.js$/.test(f)) continue;
    for (const r of (entries().get(`extension/${f}`) ?? '').matchAll(/require\("\.\/([^"]+)"\)/g)) {
      if (!files.has(`dist/${r[1]}`)) missing.push(`${f} requires ./${r[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the packaged bundles are the production build: minified, without source map references', () => {
  for (const f of ['dist/extension.js', 'dist/connect-engine.js', 'dist/media/grid.js', 'dist/media/plan.js']) {
    const code = entries().get(`extension/${f}`);
    assert.ok(code, `${f} missing`);
    assert.ok(!code.includes('sourceMappingURL'), `${f} points to a source map`);
    const lines = code.split('\n').length;
    assert.ok(code.length / lines > 500, `${f} has ${lines} lines for ${code.length} bytes: not minified`);
  }
});

test('the packaged manifest carries the marketplace metadata', () => {
  const m = manifest();
  assert.equal(m.name, 'spark-connect-vscode');
  assert.ok(m.displayName && m.displayName.length >= 5);
  assert.ok(m.description && m.description.length >= 40, 'description too short for a marketplace listing');
  assert.ok(m.publisher);
  assert.equal(m.license, 'Apache-2.0');
  assert.match(m.version, /^\d+\.\d+\.\d+$/);
  assert.match(String(m.galleryBanner?.color), /^#[0-9a-fA-F]{6}$/);
  assert.ok(m.galleryBanner?.theme === 'dark' || m.galleryBanner?.theme === 'light');
  assert.ok((m.categories ?? []).includes('Data Science'));
  assert.ok((m.keywords ?? []).length >= 5 && (m.keywords ?? []).length <= 30, 'the marketplace takes up to 30 keywords');
  const repo = typeof m.repository === 'string' ? m.repository : m.repository?.url;
  assert.match(String(repo), /^https:\/\//);
  assert.match(String(m.homepage), /^https:\/\//);
  assert.match(String(m.bugs?.url), /^https:\/\//);
  assert.match(m.engines.vscode, /^\^1\.\d+\.\d+$/);

  // The icon: a 128x128 PNG (the marketplace rejects SVG icons).
  const png = readFileSync(path.join(ROOT, String(m.icon)));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  assert.equal(entries().get(`extension/${m.icon}`)?.length !== undefined, true);

  const changelog = entries().get('extension/changelog.md') ?? '';
  assert.ok(changelog.includes(`## ${m.version}`), `the changelog has no entry for ${m.version}`);
  const readme = entries().get('extension/readme.md') ?? '';
  assert.match(readme, /^## Install$/m);
});

test('the extension activates only on its own events', () => {
  const m = manifest();
  // VS Code (>= 1.74) derives onCommand and onView events from contributes; what remains must be ours:
  // SQL files, Python files (the PySpark CodeLens and diagnostics must be there when a PySpark file
  // opens; activation loads 0.1 MB and no client, and a Python file that is not PySpark gets nothing),
  // plan tabs VS Code restores after a reload, and .ipynb notebooks (the kernel must be registered
  // before the user picks one).
  assert.deepEqual(m.activationEvents, ['onLanguage:sql', 'onLanguage:python', 'onWebviewPanel:sparkConnect.plan', 'onNotebook:jupyter-notebook', 'onWebviewPanel:sparkConnect.results']);
  const minor = Number(/^\^1\.(\d+)\./.exec(m.engines.vscode)?.[1]);
  assert.ok(minor >= 74, 'engines.vscode below 1.74 would need explicit onCommand/onView events');
});

test('the walkthrough covers connect, run and explain, with pages and commands that exist', () => {
  const m = manifest();
  const files = new Set(extensionFiles());
  const commands = new Set(m.contributes.commands.map((c) => c.command));
  const nls = JSON.parse(entries().get('extension/package.nls.json') ?? '{}') as Record<string, string>;
  const text = (s: string) => (/^%.+%$/.test(s) ? nls[s.slice(1, -1)] ?? '' : s);
  const walkthroughs = m.contributes.walkthroughs ?? [];
  assert.equal(walkthroughs.length, 1);
  const steps = walkthroughs[0].steps;
  assert.deepEqual(steps.map((s) => s.id), ['addConnection', 'runQuery', 'explainQuery']);
  for (const step of steps) {
    assert.ok(text(step.title), `step ${step.id} has no title`);
    const media = step.media.markdown ?? step.media.image;
    assert.ok(media && files.has(media), `step ${step.id}: media ${media} not packaged`);
    const linked = [...text(step.description).matchAll(/\(command:([\w.]+)/g)].map((l) => l[1]);
    assert.ok(linked.length > 0, `step ${step.id} has no command button`);
    const events = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
    assert.deepEqual([...linked, ...events].filter((c) => !commands.has(c)), [], `step ${step.id} names commands the extension does not contribute`);
  }
  assert.ok(steps[0].completionEvents?.includes('onCommand:sparkConnect.profiles.create'));
  assert.ok(steps[1].completionEvents?.includes('onCommand:sparkConnect.sql.run'));
  assert.ok(steps[2].completionEvents?.includes('onCommand:sparkConnect.sql.explain'));
});
