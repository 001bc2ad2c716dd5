// The host's side of notebook row paging (src/protocol/notebook-paging.ts): answers the result renderer's
// requests for rows from the rows the kernel kept. Until a cell has kept anything there is no store
// (it loads with the kernel), and every request hears "gone", which the renderer turns into its note.
import * as vscode from 'vscode';
import { NOTEBOOK_RENDERER_ID } from '../../protocol/notebook-output';
import { parseRowsRequest, type RowsReply } from '../../protocol/notebook-paging';
import type { RetainedResults } from '../../notebook/retained-results';

export class NotebookRowsServer implements vscode.Disposable {
  private readonly messaging = vscode.notebooks.createRendererMessaging(NOTEBOOK_RENDERER_ID);
  private readonly subscription: vscode.Disposable;

  constructor(store: () => RetainedResults | undefined) {
    this.subscription = this.messaging.onDidReceiveMessage(({ editor, message }) => {
      const req = parseRowsRequest(message);
      if (!req) return;
      const reply: RowsReply = store()?.answer(req) ?? {
        type: 'rows/reply', requestId: req.requestId, ok: false, reason: 'gone',
        message: vscode.l10n.t('The Spark Connect kernel of this window has not kept this result (the window was reloaded since it ran, or it ran elsewhere).'),
      };
      // Delivery is not guaranteed (the editor may have closed); the renderer times out on its own.
      void this.messaging.postMessage(reply, editor);
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
