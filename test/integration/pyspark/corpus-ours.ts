// Our side of the corpus comparison: a snippet run through our PySpark runner, its last output reduced
// to the typed JSON pyspark-reference.py produces from PySpark's values (the rules are the same, one
// per Spark type, and written out in that file's header).
import {
  ArrayType, BinaryType, BooleanType, ByteType, DataType, DateType, DayTimeIntervalType, DecimalType, DoubleType,
  FloatType, IntegerType, LongType, MapType, ShortType, StructType, TimestampNTZType, TimestampType,
} from '../../../src/connect/data-types';
import type { DataFrame } from '../../../src/connect/dataframe';
import { isSparkConnectError } from '../../../src/connect/errors';
import { Row } from '../../../src/connect/row';
import type { SparkSession } from '../../../src/connect/session';
import { Timestamp } from '../../../src/connect/timestamp';
import type { PySparkOutput, RunPySpark } from '../../../src/pyspark/run-api';
import { PyDict, PyList, PySet, PyTuple } from '../../../src/pyspark/values';
import type { SnippetResult, Typed } from './corpus-result';

function floatJson(v: number): Typed {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return v;
}

function hex(v: Uint8Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
}

/** The wall clock with six fraction digits and no offset, as the reference prints a naive datetime. */
function wallClock(t: Timestamp): string {
  const iso = t.toISOString();
  const m = /^(.*T\d\d:\d\d:\d\d\.\d{6})/.exec(iso);
  return m ? m[1]! : iso;
}

/** A value of Spark type dt in typed JSON. */
export function typed(v: unknown, dt: DataType): Typed {
  if (v === null || v === undefined) return null;
  if (dt instanceof ByteType || dt instanceof ShortType || dt instanceof IntegerType || dt instanceof LongType) {
    return String(v as number | bigint);
  }
  if (dt instanceof FloatType || dt instanceof DoubleType) return floatJson(v as number);
  if (dt instanceof DecimalType) return String(v);
  if (dt instanceof BinaryType) return hex(v as Uint8Array);
  if (dt instanceof TimestampType || dt instanceof TimestampNTZType) return wallClock(v as Timestamp);
  if (dt instanceof DateType) return String(v);
  if (dt instanceof DayTimeIntervalType) return String(v as bigint);
  if (dt instanceof ArrayType) return (v as unknown[]).map((x) => typed(x, dt.elementType));
  if (dt instanceof MapType) {
    return { map: [...(v as Map<unknown, unknown>)].map(([k, x]) => [typed(k, dt.keyType), typed(x, dt.valueType)]) };
  }
  if (dt instanceof StructType) return dt.fields.map((f, i) => typed((v as Row).values[i], f.dataType));
  if (dt instanceof BooleanType || typeof v === 'string') return v as boolean | string;
  return String(v);
}

/** A value an action returned, with no schema to go by (see untyped() in pyspark-reference.py). */
export function untyped(v: unknown): Typed {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatJson(v);
  if (v instanceof Row) return { row: [[...v.fields], v.values.map(untyped)] };
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [untyped(k), untyped(x)]) };
  if (Array.isArray(v)) return v.map(untyped);
  // The runner's Python containers: lists and tuples as lists, as the reference writes them.
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map(untyped);
  if (v instanceof PySet) return v.items().map(untyped);
  if (v instanceof PyDict) return { map: v.pairs().map(([k, x]) => [untyped(k), untyped(x)]) };
  if (v instanceof Timestamp) return wallClock(v);
  if (v instanceof Uint8Array) return hex(v);
  if (v instanceof StructType) return { schema: v.fields.map((f): [string, string, boolean] => [f.name, f.dataType.simpleString(), f.nullable]) };
  return String(v);
}

/** The error class a failure is compared by: the server's, else the [CLASS] its message starts with. */
export function errorClassOf(err: unknown): string {
  if (isSparkConnectError(err) && err.errorClass) return err.errorClass;
  const message = err instanceof Error ? err.message : String(err);
  const m = /^\s*\[([A-Z0-9_.]+)\]/.exec(message);
  if (m) return m[1]!;
  const phase = (err as { phase?: unknown }).phase;
  const name = err instanceof Error ? err.name : typeof err;
  return typeof phase === 'string' ? `${name}(${phase})` : name;
}

/** A DataFrame's schema and rows in typed JSON. */
export async function dataFrameResult(df: DataFrame): Promise<SnippetResult> {
  const schema = await df.schema();
  const rows = await df.collect();
  return {
    kind: 'dataframe',
    schema: schema.fields.map((f) => [f.name, f.dataType.simpleString(), f.nullable]),
    rows: rows.map((r) => schema.fields.map((f, i) => typed(r.values[i], f.dataType))),
  };
}

async function resultOf(last: PySparkOutput | undefined): Promise<SnippetResult> {
  if (last === undefined) return { kind: 'harness-error', message: 'the runner gave no output' };
  switch (last.kind) {
    case 'dataframe':
      return dataFrameResult(last.df);
    case 'value':
      return { kind: 'value', value: untyped(last.value) };
    default:
      return { kind: 'harness-error', message: `the last output is ${last.kind}, which the corpus does not compare` };
  }
}

/** Runs one snippet through our runner; its failure is a result (compared by error class), not a throw. */
export async function runOurs(runPySpark: RunPySpark, spark: SparkSession, code: string, fileName: string): Promise<SnippetResult> {
  try {
    const outputs = await runPySpark(code, spark, { fileName });
    return await resultOf(outputs[outputs.length - 1]);
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 500);
    return { kind: 'error', errorClass: errorClassOf(err), message };
  }
}
