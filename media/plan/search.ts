// Finds plan nodes by text: operator name, the node's printed text, Spark's full node name, the formatted
// mode's "(N)" id and detail values. Case-insensitive substring match; results keep display order so
// next/previous walk the tree from top to bottom.

import type { PlanNode } from '../../src/plan/model';

export function nodeSearchText(n: PlanNode): string {
  const parts = [n.name, n.label, n.nodeName ?? '', n.operatorId !== undefined ? `(${n.operatorId})` : ''];
  for (const d of n.details ?? []) parts.push(`${d.key}: ${d.value}`);
  return parts.join('\n').toLowerCase();
}

export function searchNodes(nodes: readonly PlanNode[], query: string): number[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  return nodes.filter((n) => nodeSearchText(n).includes(q)).map((n) => n.id);
}

/** The match after (or before) `current` in `matches`, wrapping around. */
export function stepMatch(matches: readonly number[], current: number | undefined, direction: 1 | -1): number | undefined {
  if (matches.length === 0) return undefined;
  const at = current === undefined ? -1 : matches.indexOf(current);
  if (at < 0) return direction === 1 ? matches[0] : matches[matches.length - 1];
  return matches[(at + direction + matches.length) % matches.length];
}
