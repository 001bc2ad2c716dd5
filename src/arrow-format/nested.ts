// Renderers for arrays, maps, structs and variants. The one-line form reads like JSON with Spark's scalar
// text inside: [1, 2, null], {"a": 1, "b": "x"}; strings are quoted and escaped so a cell never spans
// lines and "a, b" inside an array stays one element. The tree form (children) backs the detail view.

import type { Data } from 'apache-arrow';
import { isJsonNumber, isJsonObject, jsonObject, jsonString, jsonText, type JsonValue } from './json-value';
import { innerOrNull, jsonOrNull, node, type Renderer, type TreeNode } from './renderer';
import { decodeVariant } from './variant';

type Offsets = ArrayLike<number | bigint>;

function range(d: Data, i: number): [number, number] {
  const o = d.valueOffsets as unknown as Offsets;
  return [Number(o[i]), Number(o[i + 1])];
}

export function listRenderer(type: string, item: Renderer, fixedSize?: number): Renderer {
  const bounds = fixedSize === undefined
    ? range
    : (d: Data, i: number): [number, number] => [(d.offset + i) * fixedSize, (d.offset + i + 1) * fixedSize];
  const text = (d: Data, i: number): string => {
    const [s, e] = bounds(d, i);
    const c = d.children[0];
    const parts: string[] = [];
    for (let k = s; k < e; k++) parts.push(innerOrNull(item, c, k));
    return '[' + parts.join(', ') + ']';
  };
  return {
    type, nested: true, numeric: false, text, inner: text,
    json: (d, i) => {
      const [s, e] = bounds(d, i);
      const out: JsonValue[] = [];
      for (let k = s; k < e; k++) out.push(jsonOrNull(item, d.children[0], k));
      return out;
    },
    children: (d, i) => {
      const [s, e] = bounds(d, i);
      const out: TreeNode[] = [];
      for (let k = s; k < e; k++) out.push(node(item, d.children[0], k, `[${k - s}]`));
      return out;
    },
  };
}

export function mapRenderer(type: string, key: Renderer, value: Renderer): Renderer {
  const text = (d: Data, i: number): string => {
    const [s, e] = range(d, i);
    const entries = d.children[0];
    const [kd, vd] = entries.children;
    const parts: string[] = [];
    for (let k = s; k < e; k++) parts.push(innerOrNull(key, kd, k) + ': ' + innerOrNull(value, vd, k));
    return '{' + parts.join(', ') + '}';
  };
  return {
    type, nested: true, numeric: false, text, inner: text,
    // JSON object keys are strings: a string key is itself, any other key its display text (to_json does so).
    json: (d, i) => {
      const [s, e] = range(d, i);
      const [kd, vd] = d.children[0].children;
      const out: [string, JsonValue][] = [];
      for (let k = s; k < e; k++) out.push([key.text(kd, k), jsonOrNull(value, vd, k)]);
      return jsonObject(out);
    },
    children: (d, i) => {
      const [s, e] = range(d, i);
      const [kd, vd] = d.children[0].children;
      const out: TreeNode[] = [];
      for (let k = s; k < e; k++) out.push(node(value, vd, k, key.text(kd, k)));
      return out;
    },
  };
}

export interface StructField {
  name: string;
  renderer: Renderer;
}

export function structRenderer(type: string, fields: readonly StructField[]): Renderer {
  const text = (d: Data, i: number): string => {
    const parts: string[] = [];
    fields.forEach((f, k) => parts.push(jsonString(f.name) + ': ' + innerOrNull(f.renderer, d.children[k], i)));
    return '{' + parts.join(', ') + '}';
  };
  return {
    type, nested: true, numeric: false, text, inner: text,
    json: (d, i) => jsonObject(fields.map((f, k) => [f.name, jsonOrNull(f.renderer, d.children[k], i)] as const)),
    children: (d, i) => fields.map((f, k) => node(f.renderer, d.children[k], i, f.name)),
  };
}

function binaryAt(d: Data, i: number): Uint8Array {
  const [s, e] = range(d, i);
  return (d.values as Uint8Array).subarray(s, e);
}

function jsonTree(v: JsonValue, label: string): TreeNode {
  if (v === null) return { label, type: 'variant', text: 'null', isNull: false };
  if (Array.isArray(v)) {
    const items = v as readonly JsonValue[];
    return { label, type: 'variant', text: jsonText(v), isNull: false, children: items.map((x, k) => jsonTree(x, `[${k}]`)) };
  }
  if (typeof v === 'object' && isJsonObject(v)) {
    return { label, type: 'variant', text: jsonText(v), isNull: false, children: v.entries.map(([k, x]) => jsonTree(x, k)) };
  }
  return { label, type: 'variant', text: typeof v === 'object' && isJsonNumber(v) ? v.text : jsonText(v), isNull: false };
}

/** VARIANT: struct<value, metadata>, decoded per cell. Display is the variant's JSON text. */
export function variantRenderer(timeZone: string, valueIndex: number, metadataIndex: number): Renderer {
  const decode = (d: Data, i: number): JsonValue =>
    decodeVariant(binaryAt(d.children[valueIndex], i), binaryAt(d.children[metadataIndex], i), { timeZone });
  const text = (d: Data, i: number): string => jsonText(decode(d, i));
  return {
    type: 'variant', nested: true, numeric: false, text, inner: text,
    json: decode,
    children: (d, i) => {
      const kids = jsonTree(decode(d, i), '').children;
      return kids ? [...kids] : undefined;
    },
  };
}
