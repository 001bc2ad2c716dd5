// Formatting a SQL file with Format Document: Spark 4's operators (|>, ::, =>) and parameter markers
// come out exactly as written, and the statements are laid out one clause per line.
import assert from 'node:assert/strict';
import type { E2EContext } from '../support/context';
import { until } from '../support/workbench';

const UNFORMATTED = 'select a::int as n, f(x => 1) from t |> where a = :p;\nselect v:b.c from t2;\n';
// What the formatter writes for it: keywords as written (the default), indented as the editor indents
// (VS Code's default, 4 spaces, shown as "Spaces: 4" in the status bar).
const I = '    ';
const FORMATTED = [
  'select', `${I}a::int as n,`, `${I}f(x => 1)`, 'from', `${I}t`, '|> where', `${I}a = :p;`, '',
  'select', `${I}v:b.c`, 'from', `${I}t2;`, '',
].join('\n');

export async function formatSqlDocument(ctx: E2EContext): Promise<void> {
  const { wb } = ctx;
  await wb.openFile('e2e.sql');
  await wb.setEditorText(UNFORMATTED);
  await wb.runCommand('Format Document');
  // Monaco renders spaces as no-break spaces; the last empty line is not rendered.
  const text = await until('the formatted text', async () => {
    const t = (await wb.editorText()).replace(/\u00a0/g, ' ');
    return t.split('\n').some((l) => l.startsWith('|> where')) ? t : undefined;
  }, 30_000);
  // Monaco may keep its line elements out of order after an edit: compare the lines as a multiset.
  const lines = (t: string): string[] => t.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').sort();
  assert.deepEqual(lines(text), lines(FORMATTED));
  for (const kept of ['a::int', 'f(x => 1)', '|> where', ':p;', 'v:b.c']) assert.ok(text.includes(kept), `${kept} in\n${text}`);
  await ctx.shot('format-sql');
}
