// Formatter timing for about 1,000 lines (the Spark 4 corpus of the unit tests, repeated), formatted
// whole with formatSqlDocument, as Format Document and `spark-connect format` do:
//  - "formatted": a file laid out one clause per line (the corpus formatted once), the usual case;
//  - "one-line": every statement on one line (~1,000 statements), the worst case per line.
// Prints the first (cold) run, then the minimum and median of 15 warm runs. On a shared machine the
// minimum is the better estimate of the formatter's own cost (a busy CPU only ever adds time).
// Run: npx tsx bench/sql-format/run.ts [lines]
import { formatSqlDocument } from '../../src/sql-format/format-document';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/sql-format/options';
import { SPARK4_STATEMENTS } from '../../test/unit/sql-format/spark4-corpus';

const targetLines = Number(process.argv[2] ?? 1000);

/** Statements (each ending in ";\n") repeated until the text has at least targetLines lines. */
function document(statements: readonly string[]): { text: string; statements: number } {
  let text = '';
  let count = 0;
  for (let i = 0; text.split('\n').length - 1 < targetLines; i++) {
    text += `${statements[i % statements.length]};\n`;
    count++;
  }
  return { text, statements: count };
}

function time(text: string): number {
  const t = performance.now();
  formatSqlDocument(text, DEFAULT_FORMAT_OPTIONS);
  return performance.now() - t;
}

function stats(text: string, runs: number): string {
  const times = Array.from({ length: runs }, () => time(text)).sort((a, b) => a - b);
  return `min ${times[0].toFixed(0)} ms, median ${times[Math.floor(times.length / 2)].toFixed(0)} ms`;
}

const oneLine = document(SPARK4_STATEMENTS);
// Formatting each statement alone gives the laid-out form of the "formatted" document.
const laidOut = SPARK4_STATEMENTS.map((s) => formatSqlDocument(s, DEFAULT_FORMAT_OPTIONS).text);
const formatted = document(laidOut);

const coldFormatted = time(formatted.text);
for (const [name, doc] of [['formatted', formatted], ['one-line', oneLine]] as const) {
  const lines = doc.text.split('\n').length - 1;
  const cold = name === 'formatted' ? ` (first run, grammar cold: ${coldFormatted.toFixed(0)} ms)` : '';
  console.log(`${name}: ${lines} lines, ${doc.statements} statements: ${stats(doc.text, 15)}${cold}`);
}
