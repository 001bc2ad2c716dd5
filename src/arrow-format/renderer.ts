// The shape shared by every type's renderer. A renderer is built once per column (and once per nested
// child type) and then reads cells straight from Arrow buffers: no row objects, no per-cell allocation
// beyond the text itself.

import type { Data } from 'apache-arrow';
import type { JsonValue } from './json-value';

/** What a NULL cell shows. The grid styles it apart, so a string "NULL" or "null" never looks the same. */
export const NULL_TEXT = 'NULL';
/** What a null inside a nested value shows (Spark's CAST(array AS STRING) and JSON agree on it). */
export const INNER_NULL_TEXT = 'null';

/** One node of the expandable tree in the detail view. */
export interface TreeNode {
  /** Field name, "[index]" for array elements, the key's text for map entries; the column name at the root. */
  readonly label: string;
  /** Spark type name of this value ("array<int>"). */
  readonly type: string;
  /** The value's one-line text (the cell text at the root). */
  readonly text: string;
  readonly isNull: boolean;
  readonly children?: readonly TreeNode[];
}

export interface Renderer {
  readonly type: string;
  /** True when the value has parts (array, map, struct, variant object/array). */
  readonly nested: boolean;
  /** Right-aligned in the grid. */
  readonly numeric: boolean;
  /** Display text of a valid (non-null) value. */
  text(d: Data, i: number): string;
  /** The value's text inside a nested one-line form: strings quoted, the rest as in text(). */
  inner(d: Data, i: number): string;
  /** Exact JSON value of a valid value. */
  json(d: Data, i: number): JsonValue;
  /** Child nodes of a valid nested value, for the detail view (undefined for a scalar variant). */
  children?(d: Data, i: number): TreeNode[] | undefined;
}

/** Validity straight from the bitmap; the bit index counts from the Data's own offset (arrow-js slices lazily). */
export function isValid(d: Data, i: number): boolean {
  if (d.typeId === 1 /* Type.Null */) return false;
  const bm = d.nullBitmap;
  if (!bm || bm.length === 0) return true;
  const j = d.offset + i;
  return (bm[j >> 3] & (1 << (j & 7))) !== 0;
}

/** Builds the tree node of one value of a child column (null-aware). */
export function node(r: Renderer, d: Data, i: number, label: string): TreeNode {
  if (!isValid(d, i)) return { label, type: r.type, text: INNER_NULL_TEXT, isNull: true };
  const text = r.text(d, i);
  const children = r.children?.(d, i);
  return children ? { label, type: r.type, text, isNull: false, children } : { label, type: r.type, text, isNull: false };
}

export function innerOrNull(r: Renderer, d: Data, i: number): string {
  return isValid(d, i) ? r.inner(d, i) : INNER_NULL_TEXT;
}

export function jsonOrNull(r: Renderer, d: Data, i: number): JsonValue {
  return isValid(d, i) ? r.json(d, i) : null;
}
