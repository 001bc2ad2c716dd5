// Renders the marketplace icon (media/icons/spark.png, 128x128) from the activity bar icon spark.svg,
// in the product's colours on a dark tile, with the local Chromium. The PNG is committed; rerun after
// changing the SVG:  node media/icons/render-png.mjs
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
// The SVG draws with currentColor, so the page's colour decides the mark's colour.
const svg = readFileSync(path.join(here, 'spark.svg'), 'utf8').replace(/width="24" height="24"/, 'width="96" height="96"');
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:128px;height:128px;border-radius:24px;display:flex;align-items:center;justify-content:center;
  background:linear-gradient(160deg,#27364a,#141b25);color:#f2782a">${svg}</div></body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(html);
  await page.screenshot({ path: path.join(here, 'spark.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
} finally {
  await browser.close();
}
