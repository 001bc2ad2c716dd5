// Entry of the plan visualizer webview (bundled by esbuild for the browser). VS Code injects
// acquireVsCodeApi; the app says 'ready' and the host answers with the plan.

import './style.css';
import { PlanApp } from './app';
import { HostBridge, type VsCodeApi } from './bridge';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app');
if (root) {
  let app: PlanApp | undefined;
  const bridge = new HostBridge(acquireVsCodeApi(), (m) => app?.handle(m));
  app = new PlanApp(root, bridge);
  window.addEventListener('error', (e) => bridge.notify({ type: 'log', level: 'error', message: `plan view: ${e.message}` }));
}
