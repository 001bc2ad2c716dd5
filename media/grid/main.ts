// Entry point of the results grid webview (bundled by esbuild into one IIFE; the host loads it with a
// nonce under a strict CSP: no inline script, no eval, styles from grid.css only).

import { GridApp } from './app';
import { webviewEnv } from '../shared/webview-env';

const root = document.getElementById('app') ?? document.body;
const app = new GridApp(root, webviewEnv());
// Read-only handle for diagnostics, the browser tests and the benchmark (timings, rendered range).
(window as unknown as { sparkGrid: GridApp }).sparkGrid = app;
app.start();
