// Turning what a user types for a parameter into a typed SQL value. The rules are those of SQL
// literals, so that typing 42, 3.5, true, NULL, DATE '2024-01-31' or 'text' means what it would
// mean in the query; anything else is taken as a string. The value is sent as an argument, so no
// escaping is involved.

export type SqlValue =
  | { type: 'null' }
  | { type: 'boolean'; value: boolean }
  | { type: 'int'; value: number }
  | { type: 'long'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'decimal'; value: string }
  | { type: 'string'; value: string }
  | { type: 'date'; value: string };

export type SqlArguments =
  | { kind: 'named'; values: Record<string, SqlValue> }
  | { kind: 'positional'; values: SqlValue[] };

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function parseSqlValue(input: string): SqlValue {
  const text = input.trim();
  const upper = text.toUpperCase();
  if (upper === 'NULL') return { type: 'null' };
  if (upper === 'TRUE' || upper === 'FALSE') return { type: 'boolean', value: upper === 'TRUE' };
  // Spark's typed literal suffixes: 42L, 3.5BD, 2.0D.
  const suffixed = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(L|BD|D)$/i.exec(text);
  if (suffixed) {
    const [, num, suffix] = suffixed;
    const s = suffix.toUpperCase();
    if (s === 'D') return { type: 'double', value: Number(num) };
    if (s === 'BD') return { type: 'decimal', value: num.replace(/^\+/, '') };
    if (/^[+-]?\d+$/.test(num)) {
      const big = BigInt(num);
      if (big >= INT64_MIN && big <= INT64_MAX) return { type: 'long', value: big };
    }
  }
  if (/^[+-]?\d+$/.test(text)) {
    const big = BigInt(text);
    if (big >= BigInt(INT32_MIN) && big <= BigInt(INT32_MAX)) return { type: 'int', value: Number(big) };
    if (big >= INT64_MIN && big <= INT64_MAX) return { type: 'long', value: big };
    return { type: 'decimal', value: text.replace(/^\+/, '') };
  }
  if (/^[+-]?(\d+\.\d*|\.\d+)$/.test(text)) return { type: 'decimal', value: text.replace(/^\+/, '') };
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(text)) return { type: 'double', value: Number(text) };
  const date = /^DATE\s*'(\d{4}-\d{2}-\d{2})'$/i.exec(text);
  if (date && isValidDate(date[1])) return { type: 'date', value: date[1] };
  const quoted = /^'((?:[^']|'')*)'$/.exec(text);
  if (quoted) return { type: 'string', value: quoted[1].replace(/''/g, "'") };
  // Not trimmed: leading or trailing spaces may matter in a string value.
  return { type: 'string', value: input };
}

function isValidDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso);
}
