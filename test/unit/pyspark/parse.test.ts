import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parser } from '@lezer/python';
import { forgetLastParse, parsePython } from '../../../src/pyspark/parse';
import { PySparkError } from '../../../src/pyspark/run-api';

const block = (i: number) => [
  `df_${i} = spark.range(10).filter((F.col("id") > ${i}) & F.col("id").isin(1, 2))`,
  `def helper_${i}(c):`,
  `    return F.lower(F.trim(F.col(c)))`,
  `names_${i} = [f"c{j}" for j in range(3)]`,
  `df_${i}.groupBy("id").agg(F.sum("id").alias("s")).show()`,
].join('\n');
const source = `from pyspark.sql import functions as F\n${Array.from({ length: 30 }, (_, i) => block(i)).join('\n')}\n`;

/** The error parsePython reports, or undefined. */
function errorOf(text: string): { line: number; column: number; message: string } | undefined {
  try {
    parsePython(text);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof PySparkError);
    return { line: e.span.line, column: e.span.column, message: e.message };
  }
}

test('the same source parsed again reuses its tree', () => {
  forgetLastParse();
  const first = parsePython(source).tree;
  assert.equal(parsePython(source).tree, first);
  forgetLastParse();
  assert.notEqual(parsePython(source).tree, first);
});

test('a source parsed after an edit of the previous one has the tree and the errors of a fresh parse', () => {
  // edits anywhere, valid or not, each parsed after the version before it
  const edits: Array<[at: number, remove: number, insert: string]> = [
    [source.indexOf('> 7'), 3, '>= 70'], [source.indexOf('def helper_12'), 0, '# note\n'], [source.indexOf('return F.lower', 900), 6, 'retur'],
    [source.indexOf('range(3)]', 500), 9, 'range(3)'], [source.length - 1, 0, '\nx = (1,\n'], [source.indexOf('F.sum'), 0, '  '],
    [10, 5, ''], [source.indexOf('.show()', 2000), 7, '.show(5)'],
  ];
  forgetLastParse();
  parsePython(source);
  let text = source;
  for (const [at, remove, insert] of edits) {
    text = text.slice(0, at) + insert + text.slice(at + remove);
    const reused = errorOf(text);
    const fresh = parser.parse(text);
    if (reused === undefined) assert.equal(parsePython(text).tree.toString(), fresh.toString());
    forgetLastParse();
    assert.deepEqual(errorOf(text), reused, `edit at ${at}`);
  }
});
