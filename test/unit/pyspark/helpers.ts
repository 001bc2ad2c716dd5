// Shared pieces of the PySpark runner's unit tests: evaluate source on a session whose fake client
// records what it would send, and compare plans as the server reads them, without plan ids.
import assert from 'node:assert/strict';
import type { spark } from '../../../src/connect/generated/spark-connect';
import { DataFrame } from '../../../src/connect/dataframe';
import { Column } from '../../../src/connect/column';
import { evaluatePySpark, type Evaluation } from '../../../src/pyspark/run';
import { PySparkError } from '../../../src/pyspark/run-api';
import { fakeSession, wireExpr, wireRelation, type FakeScript } from '../connect/api-helpers';

export async function evaluate(source: string, script: FakeScript = {}): Promise<Evaluation & { client: ReturnType<typeof fakeSession>['client'] }> {
  const { spark, client } = fakeSession(script);
  const ev = await evaluatePySpark(source, spark, { offline: script.analyze === undefined });
  return { ...ev, client };
}

/** A top-level value of the evaluated source. */
export async function valueOf(source: string, name: string, script: FakeScript = {}): Promise<unknown> {
  const ev = await evaluate(source, script);
  assert.ok(ev.globals.has(name), `${name} is defined`);
  return ev.globals.get(name);
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'common' && k !== 'planId') out[k] = strip(x);
    return out;
  }
  return v;
}

/** A DataFrame's plan as the server reads it, plan ids removed. */
export function planShape(df: unknown): unknown {
  assert.ok(df instanceof DataFrame, 'a DataFrame');
  return strip(wireRelation(df.relation));
}

export function relationShape(rel: spark.connect.IRelation): unknown {
  return strip(wireRelation(rel));
}

export function exprShape(c: unknown): unknown {
  assert.ok(c instanceof Column, 'a Column');
  return strip(wireExpr(c.expr));
}

/** Asserts that evaluating `source` fails with a PySparkError of `phase` at line:column. */
export async function rejects(source: string, phase: PySparkError['phase'], line: number, column: number, message?: RegExp): Promise<PySparkError> {
  try {
    await evaluate(source);
  } catch (e) {
    assert.ok(e instanceof PySparkError, `a PySparkError, got ${String(e)}`);
    assert.equal(e.phase, phase, e.message);
    assert.deepEqual([e.span.line, e.span.column], [line, column], e.message);
    if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail('evaluation should have failed');
}
