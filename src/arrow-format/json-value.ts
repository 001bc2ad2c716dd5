// An exact JSON value model. JavaScript numbers cannot hold Spark's BIGINT or DECIMAL(38, s) exactly and
// JSON.stringify throws on BigInt, so numbers are kept as their decimal text and written verbatim.
// Objects keep their entries in order and may repeat a key (Spark struct fields and result columns may).

export interface JsonNumber {
  readonly kind: 'number';
  /** A valid JSON number token, e.g. "-9223372036854775808" or "0.000000000000000001". */
  readonly text: string;
}

export interface JsonObject {
  readonly kind: 'object';
  readonly entries: ReadonlyArray<readonly [string, JsonValue]>;
}

export type JsonValue = null | boolean | string | JsonNumber | JsonObject | readonly JsonValue[];

export function jsonNumber(text: string): JsonNumber {
  return { kind: 'number', text };
}

export function jsonObject(entries: ReadonlyArray<readonly [string, JsonValue]>): JsonObject {
  return { kind: 'object', entries };
}

export function isJsonNumber(v: JsonValue): v is JsonNumber {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as JsonNumber).kind === 'number';
}

export function isJsonObject(v: JsonValue): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as JsonObject).kind === 'object';
}

// JSON.stringify escapes exactly what RFC 8259 requires (plus lone surrogates), which is what we want.
export function jsonString(s: string): string {
  return JSON.stringify(s);
}

/** Compact JSON text (no spaces), the form Spark's to_json and Variant's toJson produce. */
export function jsonText(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return jsonString(v);
  if (Array.isArray(v)) {
    const parts: string[] = [];
    for (const item of v as readonly JsonValue[]) parts.push(jsonText(item));
    return '[' + parts.join(',') + ']';
  }
  if (isJsonNumber(v)) return v.text;
  const parts: string[] = [];
  for (const [k, item] of (v as JsonObject).entries) parts.push(jsonString(k) + ':' + jsonText(item));
  return '{' + parts.join(',') + '}';
}

/** Indented JSON text for humans (clipboard "JSON" of a selection). */
export function jsonPretty(v: JsonValue, indent = '  ', depth = 0): string {
  const pad = indent.repeat(depth + 1);
  const end = indent.repeat(depth);
  if (Array.isArray(v)) {
    const items = v as readonly JsonValue[];
    if (items.length === 0) return '[]';
    return '[\n' + items.map((x) => pad + jsonPretty(x, indent, depth + 1)).join(',\n') + '\n' + end + ']';
  }
  if (v !== null && typeof v === 'object' && isJsonObject(v)) {
    if (v.entries.length === 0) return '{}';
    return '{\n' + v.entries.map(([k, x]) => pad + jsonString(k) + ': ' + jsonPretty(x, indent, depth + 1))
      .join(',\n') + '\n' + end + '}';
  }
  return jsonText(v);
}
