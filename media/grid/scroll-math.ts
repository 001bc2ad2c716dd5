// Scroll scaling. Browsers cap an element's height (Chrome near 16.7M or 33.5M px depending on version,
// Firefox about 17.9M), so 1e7 rows of 24 px cannot get a 1:1 scroll area. The scroll area is capped at
// MAX_SCROLL_PX and scroll positions map linearly onto the data's virtual height; the grid keeps its own
// exact virtual position so keyboard navigation can land on any row even when one scroll pixel spans
// several rows.

export const MAX_SCROLL_PX = 8_000_000;

export interface ScrollGeometry {
  /** Height of the scrollable content (spacer), capped. */
  contentHeight: number;
  /** Largest scrollTop the browser allows. */
  maxScrollTop: number;
  /** Largest virtual offset: the data's full height minus what fits in the viewport. */
  maxVirtualTop: number;
}

export function scrollGeometry(rowCount: number, rowHeight: number, viewportHeight: number, headerHeight: number):
  ScrollGeometry {
  const dataViewport = Math.max(0, viewportHeight - headerHeight);
  const dataHeight = rowCount * rowHeight;
  const maxVirtualTop = Math.max(0, dataHeight - dataViewport);
  const contentHeight = Math.min(headerHeight + dataHeight, MAX_SCROLL_PX);
  const maxScrollTop = Math.max(0, contentHeight - viewportHeight);
  return { contentHeight, maxScrollTop, maxVirtualTop };
}

export function isScaled(g: ScrollGeometry): boolean {
  return g.maxScrollTop < g.maxVirtualTop;
}

export function virtualFromScroll(scrollTop: number, g: ScrollGeometry): number {
  if (g.maxScrollTop <= 0) return 0;
  if (!isScaled(g)) return Math.min(scrollTop, g.maxVirtualTop);
  return Math.min(g.maxVirtualTop, (scrollTop / g.maxScrollTop) * g.maxVirtualTop);
}

export function scrollFromVirtual(virtualTop: number, g: ScrollGeometry): number {
  if (g.maxVirtualTop <= 0) return 0;
  if (!isScaled(g)) return virtualTop;
  return (virtualTop / g.maxVirtualTop) * g.maxScrollTop;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
