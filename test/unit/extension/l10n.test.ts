// The English l10n bundle lists every literal string the code passes to vscode.l10n.t, so the
// package ships a complete bundle to translate from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.nls.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** The runtime value of a quoted TypeScript string literal body. */
function unquote(body: string, quote: string): string {
  const asJson = body.replace(/\\'/g, "'").replace(quote === "'" ? /"/g : /$^/g, '\\"');
  return JSON.parse(`"${asJson}"`) as string;
}

function literalMessages(srcDir: string): Set<string> {
  const out = new Set<string>();
  for (const file of tsFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*(['"])((?:\\.|(?!\1)[^\\])*)\1/g)) out.add(unquote(m[2], m[1]));
  }
  return out;
}

test('every literal l10n.t message is in l10n/bundle.l10n.json, and the bundle has nothing else', () => {
  const root = repoRoot();
  const bundle = JSON.parse(readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const used = literalMessages(path.join(root, 'src'));
  assert.ok(used.size > 50, `only ${used.size} messages found; is the scan broken?`);
  const missing = [...used].filter((m) => !(m in bundle));
  const unused = Object.keys(bundle).filter((k) => !used.has(k));
  assert.deepEqual(missing, [], 'messages missing from l10n/bundle.l10n.json: add each as "message": "message"');
  assert.deepEqual(unused, [], 'bundle entries no longer used');
  for (const [k, v] of Object.entries(bundle)) assert.equal(v, k, 'the English bundle maps each message to itself');
});
