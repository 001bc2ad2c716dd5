// The graph view's pan and zoom arithmetic, without the DOM: fitting a plan to the view without
// shrinking its text below a readable size, and zooming about a point (the selected node, so it stays
// where it is on screen). A transform maps plan coordinates p to screen coordinates p * k + (x, y).

export interface Transform {
  x: number;
  y: number;
  k: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const MIN_K = 0.05;
export const MAX_K = 3;
/**
 * The smallest zoom "Fit" goes to: node names are 12 px and arguments 10 px at 1, so about 11 and 9 px
 * here. A plan that does not fit at this size is scrolled (drag, wheel) rather than shrunk further.
 */
export const READABLE_K = 0.9;
const PAD = 24;

export function clampK(k: number): number {
  return Math.min(MAX_K, Math.max(MIN_K, k));
}

/**
 * The transform that shows the whole plan, centred, at up to 100 %; when that would be below
 * READABLE_K, the plan at READABLE_K with its top (the root operator, `anchorX`) in view instead.
 */
export function fitTransform(bounds: Box, view: { width: number; height: number }, anchorX: number): Transform & { fits: boolean } {
  const whole = Math.min((view.width - 2 * PAD) / Math.max(bounds.w, 1), (view.height - 2 * PAD) / Math.max(bounds.h, 1), 1);
  if (whole >= READABLE_K) {
    const k = whole;
    return { k, x: (view.width - bounds.w * k) / 2 - bounds.x * k, y: Math.max(PAD, (view.height - bounds.h * k) / 2) - bounds.y * k, fits: true };
  }
  const k = READABLE_K;
  // Horizontally: centre on the root, but never leave empty space past either edge of the plan.
  let x = view.width / 2 - anchorX * k;
  const left = PAD - bounds.x * k;
  const right = view.width - PAD - (bounds.x + bounds.w) * k;
  if (bounds.w * k + 2 * PAD <= view.width) x = (view.width - bounds.w * k) / 2 - bounds.x * k;
  else x = Math.min(left, Math.max(right, x));
  return { k, x, y: PAD - bounds.y * k, fits: false };
}

/** Zooms by `factor` keeping the plan point under screen point (px, py) where it is. */
export function zoomAbout(t: Transform, factor: number, px: number, py: number): Transform {
  const k = clampK(t.k * factor);
  const f = k / t.k;
  return { k, x: px - (px - t.x) * f, y: py - (py - t.y) * f };
}

/** Sets the zoom to `k` exactly, keeping the plan point under (px, py) where it is. */
export function zoomTo(t: Transform, k: number, px: number, py: number): Transform {
  return zoomAbout(t, clampK(k) / t.k, px, py);
}

/** True when the plan point (gx, gy) is on screen, `margin` pixels inside the view's edges. */
export function onScreen(t: Transform, gx: number, gy: number, view: { width: number; height: number }, margin = 40): boolean {
  const sx = gx * t.k + t.x;
  const sy = gy * t.k + t.y;
  return sx > margin && sx < view.width - margin && sy > margin && sy < view.height - margin;
}
