import { test } from 'node:test';
import assert from 'node:assert/strict';
import { READABLE_K, fitTransform, onScreen, zoomAbout, zoomTo } from '../../../../media/plan/zoom-math';

test('a plan that fits at a readable size is shown whole, centred, at up to 100 %', () => {
  const t = fitTransform({ x: 0, y: 0, w: 400, h: 300 }, { width: 1000, height: 800 }, 200);
  assert.equal(t.k, 1);
  assert.equal(t.fits, true);
  assert.equal(t.x, 300);
  const smaller = fitTransform({ x: 0, y: 0, w: 1000, h: 300 }, { width: 1000, height: 800 }, 500);
  assert.ok(smaller.k < 1 && smaller.k >= READABLE_K, String(smaller.k));
});

test('a larger plan is not shrunk below READABLE_K: its top is shown, the root centred within the plan', () => {
  const t = fitTransform({ x: -2000, y: 0, w: 4000, h: 3000 }, { width: 460, height: 700 }, 0);
  assert.equal(t.k, READABLE_K);
  assert.equal(t.fits, false);
  assert.equal(t.y, 24, 'top of the plan at the padding');
  assert.equal(t.x, 230, 'root (x = 0) in the middle');
  // A root at the plan's left edge does not leave empty space to its left.
  const edge = fitTransform({ x: 0, y: 0, w: 4000, h: 3000 }, { width: 460, height: 700 }, 0);
  assert.equal(edge.x, 24);
});

test('zooming keeps the point under the pivot in place, within the limits', () => {
  const t = { x: 10, y: 20, k: 1 };
  const z = zoomAbout(t, 2, 110, 220);
  // Plan point (100, 200) was at (110, 220) and still is.
  assert.equal(100 * z.k + z.x, 110);
  assert.equal(200 * z.k + z.y, 220);
  assert.equal(zoomAbout(t, 1000, 0, 0).k, 3);
  assert.equal(zoomTo({ x: 0, y: 0, k: 0.5 }, 1, 50, 50).k, 1);
  assert.equal(onScreen(z, 100, 200, { width: 400, height: 400 }), true);
  assert.equal(onScreen(z, 1000, 200, { width: 400, height: 400 }), false);
});
