// Every SQL feature answers in both SQL language modes (VS Code's 'sql' and our 'sparksql'): the
// manifest's when clauses and activation events name every id of src/sql/language-ids.ts, and the
// Spark SQL mode's files are where the manifest says and go into the package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SPARK_SQL_LANGUAGE_ID, SQL_LANGUAGE_IDS } from '../../../src/sql/language-ids';

const ROOT = path.resolve(__dirname, '../../../..');

interface Manifest {
  activationEvents: string[];
  contributes: {
    menus: Record<string, Array<{ when?: string }>>;
    keybindings: Array<{ when?: string }>;
    languages: Array<{ id: string; aliases?: string[]; extensions?: string[]; configuration?: string }>;
    grammars: Array<{ language?: string; scopeName: string; path: string; injectTo?: string[] }>;
  };
}
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

test('every when clause that tests for SQL accepts every SQL language id', () => {
  const whens = [...Object.values(manifest.contributes.menus).flat(), ...manifest.contributes.keybindings]
    .map((x) => x.when ?? '').filter((w) => /editorLangId\s*==\s*(sql|sparksql)\b/.test(w));
  assert.ok(whens.length >= 5, `only ${whens.length} SQL when clauses`);
  for (const w of whens) {
    for (const id of SQL_LANGUAGE_IDS) assert.ok(new RegExp(`editorLangId == ${id}\\b`).test(w), `${w} does not accept ${id}`);
  }
});

test('the extension activates for every SQL language id', () => {
  // VS Code (>= 1.74) activates an extension on the languages it contributes by itself; the others
  // need an onLanguage event.
  const contributed = new Set(manifest.contributes.languages.map((l) => l.id));
  for (const id of SQL_LANGUAGE_IDS) assert.ok(contributed.has(id) || manifest.activationEvents.includes(`onLanguage:${id}`), id);
});

test('the Spark SQL mode is contributed without claiming .sql files', () => {
  const lang = manifest.contributes.languages.find((l) => l.id === SPARK_SQL_LANGUAGE_ID);
  assert.ok(lang);
  assert.ok(lang.aliases?.includes('Spark SQL'));
  // Claiming .sql here would take files from VS Code's SQL mode and other extensions by force; the
  // sparkConnect.sql.useSparkSqlLanguage setting does it on request instead.
  assert.equal(lang.extensions, undefined);
  const files = [lang.configuration, ...manifest.contributes.grammars.map((g) => g.path)].filter((f): f is string => f !== undefined);
  for (const f of files) assert.ok(existsSync(path.join(ROOT, f)), f);
  assert.ok(manifest.contributes.grammars.some((g) => g.language === SPARK_SQL_LANGUAGE_ID && g.scopeName === 'source.sparksql'));
  assert.ok(manifest.contributes.grammars.some((g) => g.injectTo?.includes('source.python')));
  assert.match(readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!syntaxes\/\*\.json$/m);
});
