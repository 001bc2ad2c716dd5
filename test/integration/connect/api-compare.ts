// Comparing our API's results with the PySpark reference client's, value for value. Both sides are
// turned into the same canonical JSON: integers as decimal strings (exact past 2^53), decimals in
// plain notation, timestamps as ISO wall-clock text in the session time zone (PySpark returns naive
// datetimes in the process time zone, so its process runs with TZ set to the session zone), bytes as
// hex, structs as objects, top-level rows as lists (duplicate column names survive).
import { Row } from '../../../src/connect/row';
import { Timestamp } from '../../../src/connect/timestamp';
import { SparkSession } from '../../../src/connect/session';
import type { SparkServer } from '../../support/servers';

export const SESSION_TZ = 'America/Los_Angeles';

export type Canon = null | boolean | number | string | Canon[] | { [k: string]: Canon };

/** Python that defines canon(v) and canon_rows(rows), the mirror of canonRows() below. */
export const PY_CANON = String.raw`
import datetime, decimal, math
from pyspark.sql import Row, functions as F, Window
from pyspark.sql.types import *
def canon(v):
    if v is None or isinstance(v, bool) or isinstance(v, str):
        return v
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return str(v)
        return str(int(v)) if v.is_integer() else v
    if isinstance(v, decimal.Decimal):
        return format(v, 'f')
    if isinstance(v, Row):
        return {k: canon(x) for k, x in zip(v.__fields__, v)}
    if isinstance(v, dict):
        return {str(canon(k)): canon(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [canon(x) for x in v]
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, datetime.timedelta):
        return str(v // datetime.timedelta(microseconds=1))
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).hex()
    return str(v)
def canon_rows(rows):
    return [[canon(x) for x in r] for r in rows]
`;

function wallClockIso(t: Timestamp): string {
  // Python's isoformat: no offset (naive), fraction only when non-zero, all six digits then.
  const iso = t.toISOString().slice(0, 26);
  return iso.endsWith('.000000') ? iso.slice(0, 19) : iso;
}

export function canon(v: unknown): Canon {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    return Number.isInteger(v) ? String(v) : v;
  }
  if (v instanceof Timestamp) return wallClockIso(v);
  if (v instanceof Row) return Object.fromEntries(v.fields.map((f, i) => [f, canon(v.values[i])]));
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(canon(k)), canon(x)]));
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map(canon);
  return String(v);
}

export function canonRows(rows: Row[]): Canon[][] {
  return rows.map((r) => r.values.map(canon));
}

/** Rows in a stable order, for results whose order Spark does not define. */
export function sorted(rows: Canon[][]): Canon[][] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}

/** Our session on a test server, in the comparison time zone. */
export async function connect(server: SparkServer): Promise<SparkSession> {
  const spark = await SparkSession.connect(server.remote, { clientType: 'api-integration-test' });
  await spark.conf.set('spark.sql.session.timeZone', SESSION_TZ);
  return spark;
}

/** A name no other test run uses, for tables and views this test creates. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
}
