// The row limit of a "Fetch more" / "Fetch all" re-run. "More" asks for ten times what was shown, so a
// few clicks reach any size without re-running the query once per page; "all" lifts the limit.

export const FETCH_MORE_FACTOR = 10;

/** The next limit: 0 means no limit. */
export function nextRowLimit(mode: 'more' | 'all', current: number, configured: number): number {
  if (mode === 'all') return 0;
  const base = current > 0 ? current : configured > 0 ? configured : 0;
  if (base === 0) return 0;
  return Math.min(base * FETCH_MORE_FACTOR, 2 ** 31 - 2);
}
