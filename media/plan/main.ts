// Entry of the plan visualizer webview (bundled by esbuild for the browser). VS Code injects
// acquireVsCodeApi; the app says 'ready' and the host answers with the plan.

import './style.css';
import { PlanApp } from './app';
import { HostBridge, type VsCodeApi } from './bridge';
import { warmUp } from './warm-up';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app');
if (root) {
  let app: PlanApp | undefined;
  let received = false;
  const bridge = new HostBridge(acquireVsCodeApi(), (m) => {
    received = true;
    app?.handle(m);
  });
  app = new PlanApp(root, bridge);
  window.addEventListener('error', (e) => bridge.notify({ type: 'log', level: 'error', message: `plan view: ${e.message}` }));
  // While the host answers 'ready', compile the drawing code on a small synthetic plan (see warm-up.ts);
  // pointless once the host has spoken.
  setTimeout(() => {
    if (received) return;
    try {
      warmUp();
    } catch (e) {
      bridge.notify({ type: 'log', level: 'warn', message: `plan view warm-up: ${e instanceof Error ? e.message : String(e)}` });
    }
  }, 0);
}
