import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sqlTextsOf } from '../../../src/pyspark/source-map';
import { evaluate } from './helpers';

const src = [
  'from pyspark.sql import functions as F',
  'q = spark.sql("""SELECT id,',
  '  nosuch FROM range(3)""")',
  'f = spark.range(3).filter("id > \\\\t1" \' AND bad\')',
  'c = spark.range(3).select(F.col("x") + 1)',
].join('\n');

void test('a SQL query context maps into the string literal, across lines, escapes and implicit concatenation', async () => {
  const ev = await evaluate(src);
  const q = ev.globals.get('q') as { relation: unknown };
  const err = { message: 'UNRESOLVED_COLUMN', queryContext: [{ contextType: 'sql', startIndex: 13, stopIndex: 18, fragment: 'nosuch' }] };
  const span = ev.sourceMap.locate(err, sqlTextsOf(q.relation));
  assert.deepEqual(span && [span.line, span.column, span.to - span.from], [3, 3, 6]);
  const f = ev.globals.get('f') as { relation: unknown };
  const text = sqlTextsOf(f.relation)[0]!;
  assert.equal(text, 'id > \\t1 AND bad');
  const at = text.indexOf('bad');
  const span2 = ev.sourceMap.locate({ queryContext: [{ contextType: 'sql', startIndex: at, stopIndex: at + 2, fragment: 'bad' }] }, [text]);
  assert.deepEqual(span2 && [span2.line, span2.column], [4, 45]);
});

void test('a parse error position ("line L, pos P") maps when the plan has one SQL text', async () => {
  const ev = await evaluate(src);
  const q = ev.globals.get('q') as { relation: unknown };
  const span = ev.sourceMap.locate({ message: "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'. (line 2, pos 9)" }, sqlTextsOf(q.relation));
  assert.deepEqual(span && [span.line, span.column], [3, 10]);
});

void test('Columns carry a Python origin whose call site maps back to the call', async () => {
  const ev = await evaluate(src);
  const c = ev.globals.get('c') as { relation: { project: { expressions: Array<{ common?: { origin?: { pythonOrigin?: { callSite?: string } } } }> } } };
  const site = c.relation.project.expressions[0]!.common?.origin?.pythonOrigin?.callSite;
  assert.equal(site, '<selection>:5:27');
  const span = ev.sourceMap.locate({ queryContext: [{ contextType: 'dataframe', fragment: '+', callSite: site }] }, []);
  assert.deepEqual(span && [span.line, span.column], [5, 27]);
});
