// Row: one result row, PySpark's Row in JavaScript form. Field names and values are kept in order, so
// duplicate column names (common after joins) survive; get() reads by name or position.
//
// Value representation (what collect()/head()/take() return), chosen to be exact:
//   BOOLEAN -> boolean; TINYINT/SMALLINT/INT/FLOAT/DOUBLE -> number
//   BIGINT -> bigint (always, so values beyond 2^53 are exact and the type does not depend on size)
//   DECIMAL(p,s) -> string in plain notation with exactly s fraction digits ("12.340"), never a float
//   STRING/CHAR/VARCHAR -> string; BINARY -> Uint8Array
//   DATE -> string "YYYY-MM-DD"
//   TIMESTAMP -> Timestamp { epochMicros: bigint, timeZone: session time zone }; TIMESTAMP_NTZ -> Timestamp
//     without a time zone. toString() prints the wall clock as Spark does, toDate() gives a JS Date.
//   INTERVAL DAY TO SECOND -> bigint microseconds; INTERVAL YEAR TO MONTH -> number of months
//   ARRAY -> array; MAP -> Map (keys keep their type); STRUCT -> Row; NULL -> null

export class Row {
  constructor(readonly fields: readonly string[], readonly values: readonly unknown[]) {
    if (fields.length !== values.length) throw new RangeError('Row: fields and values differ in length');
  }

  get length(): number {
    return this.values.length;
  }

  /** A value by position, or by name (the first field of that name). */
  get(key: number | string): unknown {
    if (typeof key === 'number') {
      if (key < 0 || key >= this.values.length) throw new RangeError(`Row has no index ${key}`);
      return this.values[key];
    }
    const i = this.fields.indexOf(key);
    if (i < 0) throw new RangeError(`Row has no field "${key}" (fields: ${this.fields.join(', ')})`);
    return this.values[i];
  }

  has(name: string): boolean {
    return this.fields.includes(name);
  }

  /** Like PySpark's asDict(recursive): nested rows become objects when recursive; later duplicates win. */
  asDict(recursive = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.fields.forEach((f, i) => { out[f] = recursive ? toPlain(this.values[i]) : this.values[i]; });
    return out;
  }

  toArray(): unknown[] {
    return [...this.values];
  }

  [Symbol.iterator](): Iterator<unknown> {
    return this.values[Symbol.iterator]();
  }

  toJSON(): Record<string, unknown> {
    return this.asDict(true);
  }

  toString(): string {
    return `Row(${this.fields.map((f, i) => `${f}=${show(this.values[i])}`).join(', ')})`;
  }
}

function toPlain(v: unknown): unknown {
  if (v instanceof Row) return v.asDict(true);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) {
    const m = new Map<unknown, unknown>();
    for (const [k, x] of v) m.set(k, toPlain(x));
    return m;
  }
  return v;
}

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${show(k)}: ${show(x)}`).join(', ')}}`;
  if (v instanceof Uint8Array) return `bytearray(${v.length})`;
  return String(v);
}
