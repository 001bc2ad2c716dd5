// Reads named fields of an operator from whichever form the explain mode printed: the formatted mode's
// detail block ("PushedFilters: [...]" on its own line) or the one-line form of the other modes, where the
// same fields follow each other inside the node's text ("..., PartitionFilters: [], PushedFilters: [...]").

import type { PlanNode } from './model';
import { detailValue } from './walk';

/** `Key: [ ... ]` inside one-line text, brackets balanced (filters such as In(a, [1, 2]) nest them). */
export function bracketField(text: string, key: string): string | undefined {
  const at = text.indexOf(`${key}: [`);
  if (at < 0) return undefined;
  const start = at + key.length + 2;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return text.slice(start, i + 1);
  }
  // Spark cuts long field values short with "..."; what is there is still the field's start.
  return text.slice(start);
}

/** A list field such as PushedFilters, from the details or the one-line text; undefined when not printed. */
export function listField(node: PlanNode, key: string): string | undefined {
  return detailValue(node, key) ?? bracketField(node.label, key);
}

export function isEmptyList(value: string | undefined): boolean {
  return value !== undefined && /^\[\s*\]$/.test(value.trim());
}

/** Splits on commas outside brackets and parentheses. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '') parts.push(last);
  return parts;
}

const JOIN_TYPES = new Set(['Inner', 'Cross', 'LeftOuter', 'RightOuter', 'FullOuter', 'LeftSemi', 'LeftAnti', 'ExistenceJoin']);

/** The join condition of a nested-loop or cartesian join, or null when it has none. */
export function nestedJoinCondition(node: PlanNode): string | null {
  const formatted = detailValue(node, 'Join condition');
  if (formatted !== undefined) return formatted.trim() === 'None' ? null : formatted.trim();
  // One-line forms: "BroadcastNestedLoopJoin BuildLeft, Inner, (a < b)", "CartesianProduct (a < b)".
  const parts = splitTopLevel(node.args);
  const rest = parts.filter((p) => !/^Build(?:Left|Right)$/.test(p) && !JOIN_TYPES.has(p.replace(/\(.*$/, '')));
  return rest.length > 0 ? rest.join(', ') : null;
}

export function joinType(node: PlanNode): string | undefined {
  const formatted = detailValue(node, 'Join type');
  if (formatted !== undefined) return formatted.trim();
  return splitTopLevel(node.args).flatMap((p) => p.split(/\s+/)).find((w) => JOIN_TYPES.has(w.replace(/\(.*$/, '')));
}
