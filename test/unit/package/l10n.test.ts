// The English l10n bundle lists every string the code passes to vscode.l10n.t (literals, and the
// tables of messages some calls pick from), so the package ships a complete bundle to translate from;
// user-facing text never bypasses l10n.t; and package.json's %placeholders% all have English text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PROFILE_FIELDS } from '../../../src/profiles/profile-fields';

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

/** `file: expression` for every l10n.t call whose message is not a string literal. */
function nonLiteralCalls(root: string): string[] {
  const out: string[] = [];
  for (const file of tsFiles(path.join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/l10n\.t\(\s*(?!['"`\s])([^,)]+)/g)) out.push(`${path.relative(root, file).split(path.sep).join('/')}: ${m[1].trim()}`);
  }
  return out;
}

/** The quoted strings of `const NAME ... = { k: 'v', ... }` (keys unquoted) or `const NAME = 'v'` in a source file. */
function constantStrings(file: string, name: string): string[] {
  const text = readFileSync(file, 'utf8');
  const decl = new RegExp(`const ${name}\\b[^=]*=\\s*(\\{[^}]*\\}|'(?:\\\\.|[^'\\\\])*'|"(?:\\\\.|[^"\\\\])*")`).exec(text);
  assert.ok(decl, `const ${name} not found in ${file}`);
  return [...decl[1].matchAll(/(['"])((?:\\.|(?!\1)[^\\])*)\1/g)].map((m) => unquote(m[2], m[1]));
}

// Calls that translate a message picked from a table, with the messages each can pass. A new such
// call must be added here, so that its messages are checked against the bundle too.
function tableMessages(root: string): Map<string, string[]> {
  const editor = path.join(root, 'src', 'commands', 'profile-editor.ts');
  const prompter = path.join(root, 'src', 'commands', 'parameter-prompt.ts');
  return new Map([
    ['src/commands/profile-editor.ts: GROUP_TITLES[group]', constantStrings(editor, 'GROUP_TITLES')],
    ['src/commands/profile-editor.ts: field.label', PROFILE_FIELDS.map((f) => f.label)],
    ['src/commands/profile-editor.ts: field.prompt', PROFILE_FIELDS.map((f) => f.prompt)],
    ['src/commands/parameter-prompt.ts: VALUE_HELP', constantStrings(prompter, 'VALUE_HELP')],
  ]);
}

test('every l10n.t call passes a literal or a message from a known table', () => {
  const root = repoRoot();
  const known = tableMessages(root);
  const unknown = nonLiteralCalls(root).filter((c) => !known.has(c));
  assert.deepEqual(unknown, [], 'l10n.t called with a computed message: pass a literal, or add the table to tableMessages() in this test');
  for (const [call, messages] of known) assert.ok(messages.length > 0, `no messages found for ${call}`);
});

test('every l10n.t message is in l10n/bundle.l10n.json, and the bundle has nothing else', () => {
  const root = repoRoot();
  const bundle = JSON.parse(readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const used = literalMessages(path.join(root, 'src'));
  assert.ok(used.size > 50, `only ${used.size} messages found; is the scan broken?`);
  for (const messages of tableMessages(root).values()) for (const m of messages) used.add(m);
  const missing = [...used].filter((m) => !(m in bundle));
  const unused = Object.keys(bundle).filter((k) => !used.has(k));
  assert.deepEqual(missing, [], 'messages missing from l10n/bundle.l10n.json: add each as "message": "message"');
  assert.deepEqual(unused, [], 'bundle entries no longer used');
  for (const [k, v] of Object.entries(bundle)) assert.equal(v, k, 'the English bundle maps each message to itself');
});

/** The text of a string or template literal outside its ${...} parts, codicons and escapes. */
function proseOf(literal: string): string {
  return literal.replace(/\$\{[^}]*\}/g, ' ').replace(/\$\([\w-]+\)/g, ' ').replace(/\\u[0-9a-fA-F]{4}|\\./g, ' ');
}

test('user-facing text in extension code goes through l10n.t', () => {
  const root = repoRoot();
  // Messages and the text fields of quick picks, input boxes, code lenses and tree items. Text with no
  // words (a name and an address joined by punctuation) and single lowercase tokens (example values
  // such as 'localhost:15002') are not prose to translate.
  const shown = /\b(?:show(?:Information|Warning|Error)Message|setStatusBarMessage)\(\s*((['"`])(?:\\.|(?!\2)[^\\])*\2)/g;
  const fields = /\b(?:title|prompt|placeHolder|placeholder|tooltip|label|description|detail|message)\s*:\s*((['"`])(?:\\.|(?!\2)[^\\])*\2)/g;
  const offenders: string[] = [];
  for (const file of tsFiles(path.join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    if (!/from 'vscode'/.test(text)) continue;
    for (const re of [shown, fields]) {
      for (const m of text.matchAll(re)) {
        const prose = proseOf(m[1].slice(1, -1)).trim();
        const words = prose.match(/[A-Za-z]{2,}/g) ?? [];
        const isProse = words.length > 0 && (/\s/.test(prose) || /^[A-Z]/.test(prose));
        if (isProse) offenders.push(`${path.relative(root, file)}: ${m[1]}`);
      }
    }
  }
  assert.deepEqual(offenders, [], 'wrap these in vscode.l10n.t (and add them to l10n/bundle.l10n.json)');
});

test('package.json %placeholders% all have English text in package.nls.json, which has nothing else', () => {
  const root = repoRoot();
  const manifest = readFileSync(path.join(root, 'package.json'), 'utf8');
  const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  assert.ok(used.size > 30, `only ${used.size} placeholders found; is the scan broken?`);
  const missing = [...used].filter((k) => !(k in nls));
  const unused = Object.keys(nls).filter((k) => !used.has(k));
  assert.deepEqual(missing, [], 'placeholders without a string in package.nls.json');
  assert.deepEqual(unused, [], 'package.nls.json keys no package.json field uses');
  for (const [k, v] of Object.entries(nls)) assert.ok(typeof v === 'string' && v.trim().length > 0, `empty text for ${k}`);
});
