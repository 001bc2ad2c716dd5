// Words and checks about a server-side sort/filter (ResultRefinement), apart from the plan building in
// refine-plan.ts so that the results panel can use them without loading the DataFrame API.
import type { ResultRefinement } from './engine';

/** True when the refinement changes anything. */
export function isRefining(r: ResultRefinement | undefined): r is ResultRefinement {
  return !!r && (r.sort !== undefined || (r.filter !== undefined && r.filter.text !== '' && r.filter.columns.length > 0));
}

/** What a refinement does, in words for the grid ("sorted by id descending, filtered for "abc""). */
export function describeRefinement(r: ResultRefinement): string {
  const parts: string[] = [];
  if (r.sort) parts.push(`sorted by ${r.sort.column}${r.sort.descending ? ' descending' : ''}`);
  if (r.filter && r.filter.text !== '') parts.push(`filtered for "${r.filter.text}"`);
  return parts.join(', ');
}
