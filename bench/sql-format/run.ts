// Formatter timing: a document of about 1,000 lines (the Spark 4 corpus of the unit tests, repeated),
// formatted whole with formatSqlDocument. Prints the first (cold) run and the median of the next ones.
// Run: npx tsx bench/sql-format/run.ts [lines]
import { formatSqlDocument } from '../../src/sql-format/format-document';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/sql-format/options';
import { SPARK4_STATEMENTS } from '../../test/unit/sql-format/spark4-corpus';

const targetLines = Number(process.argv[2] ?? 1000);
const parts: string[] = [];
let lines = 0;
for (let i = 0; lines < targetLines; i++) {
  const s = `${SPARK4_STATEMENTS[i % SPARK4_STATEMENTS.length]};\n`;
  parts.push(s);
  lines += s.split('\n').length - 1;
}
const doc = parts.join('');
// The formatter's output is longer (one clause per line): time formatting both the raw and the formatted text.
const t0 = performance.now();
const first = formatSqlDocument(doc, DEFAULT_FORMAT_OPTIONS);
const cold = performance.now() - t0;
const outLines = first.text.split('\n').length;

function median(text: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    formatSqlDocument(text, DEFAULT_FORMAT_OPTIONS);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

console.log(`input: ${lines} lines, ${parts.length} statements; output ${outLines} lines; kept as written: ${first.kept.length}`);
console.log(`cold (first run, includes loading the grammar): ${cold.toFixed(0)} ms`);
console.log(`warm median of 7, input document: ${median(doc, 7).toFixed(0)} ms`);
console.log(`warm median of 7, already formatted ${outLines}-line document: ${median(first.text, 7).toFixed(0)} ms`);
