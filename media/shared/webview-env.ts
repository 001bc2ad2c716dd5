// The real page behind HostClient: VS Code's API object and the window's 'message' events.

import type { VsCodeApi, WebviewEnv } from './host-client';

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** VS Code gives a page its API object once: a second acquireVsCodeApi() throws, so it is kept here. */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

export function webviewEnv(): WebviewEnv {
  return {
    api: vscodeApi(),
    listen(deliver) {
      const onMessage = (e: MessageEvent<unknown>) => deliver(e.data);
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    },
  };
}
