// Entry of the plan visualizer webview (bundled by esbuild for the browser). The page says 'ready' once
// the app can take messages, and the host answers with the plan.

import './style.css';
import { HostClient } from '../shared/host-client';
import { webviewEnv } from '../shared/webview-env';
import { PlanApp } from './app';
import { PLAN_CLIENT } from './bridge';
import { warmUp } from './warm-up';

const root = document.getElementById('app');
if (root) {
  let app: PlanApp | undefined;
  let received = false;
  const bridge = new HostClient(PLAN_CLIENT, {
    onNotification: (m) => {
      received = true;
      app?.handle(m);
    },
  }, webviewEnv());
  app = new PlanApp(root, bridge);
  window.addEventListener('error', (e) => bridge.post({ type: 'log', level: 'error', message: `plan view: ${e.message}` }));
  bridge.start();
  // While the host answers 'ready', compile the drawing code on a small synthetic plan (see warm-up.ts);
  // pointless once the host has spoken.
  setTimeout(() => {
    if (received) return;
    try {
      warmUp();
    } catch (e) {
      bridge.post({ type: 'log', level: 'warn', message: `plan view warm-up: ${e instanceof Error ? e.message : String(e)}` });
    }
  }, 0);
}
