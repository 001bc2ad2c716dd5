// The one generic webview host: the only place that calls createWebviewPanel. It loads a built webview
// (dist/media/<bundle>.js, .css and the .html template), sets a strict CSP with a fresh nonce, restricts
// local resources to dist/media, pumps typed messages through MessagePump (queued until 'ready'), and
// disposes everything with the panel. The results grid and the plan visualizer fill in WebviewHooks.

import * as vscode from 'vscode';
import type { Logger } from '../../connect/logger';
import { MessagePump, type WebviewRequestMessage } from './message-pump';
import { createNonce, renderWebviewHtml } from './html';

export interface WebviewHooks<In extends { type: string }> {
  /** The protocol's validator for webview -> host messages. */
  parse(raw: unknown): In | undefined;
  /** After each 'ready'; `reload` is true when the webview was rebuilt and needs the state again. */
  onReady?(reload: boolean): void;
  onMessage?(message: In): void;
  onRequest?(request: In & WebviewRequestMessage): Promise<unknown> | unknown;
  onDispose?(): void;
}

export interface WebviewPanelSpec<In extends { type: string }> {
  /** Registered view type, e.g. "sparkConnect.plan"; also what a serializer would restore. */
  viewType: string;
  title: string;
  /** Name of the built webview: dist/media/<bundle>.js, <bundle>.css, <bundle>.html. */
  bundle: string;
  column?: vscode.ViewColumn;
  preserveFocus?: boolean;
  /** Keeps the DOM while hidden; costs memory, so only for webviews whose state is expensive to rebuild. */
  retainContextWhenHidden?: boolean;
  hooks: WebviewHooks<In>;
  logger: Logger;
  /** A panel VS Code restored after a window reload (a WebviewPanelSerializer), to take over instead of creating one. */
  panel?: vscode.WebviewPanel;
}

export class WebviewHost<In extends { type: string }, Out extends { type: string }> implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly pump: MessagePump<In, Out>;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly mediaRoot: vscode.Uri;
  private disposed = false;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(extensionUri: vscode.Uri, private readonly spec: WebviewPanelSpec<In>) {
    this.mediaRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'media');
    const options = {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      retainContextWhenHidden: spec.retainContextWhenHidden ?? false,
      localResourceRoots: [this.mediaRoot],
    };
    if (spec.panel) {
      this.panel = spec.panel;
      this.panel.webview.options = options;
      this.panel.title = spec.title;
    } else {
      this.panel = vscode.window.createWebviewPanel(
        spec.viewType,
        spec.title,
        { viewColumn: spec.column ?? vscode.ViewColumn.Beside, preserveFocus: spec.preserveFocus ?? false },
        options,
      );
    }
    const log = spec.logger;
    this.pump = new MessagePump<In, Out>({
      post: (m) => this.panel.webview.postMessage(m),
      parse: (raw) => spec.hooks.parse(raw),
      onReady: ({ reload }) => spec.hooks.onReady?.(reload),
      onMessage: (m) => spec.hooks.onMessage?.(m),
      onRequest: (r) => spec.hooks.onRequest?.(r),
      logger: { debug: (m) => log.debug(m), warn: (m) => log.warn(m) },
    });
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.pump.receive(m)),
      this.panel.onDidDispose(() => this.dispose()),
    );
    void this.load();
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  /** The webview has said 'ready' since its page was last (re)loaded. */
  get ready(): boolean {
    return this.pump.ready;
  }

  set title(value: string) {
    this.panel.title = value;
  }

  send(message: Out): void {
    this.pump.send(message);
  }

  request<R>(method: string, params: unknown, timeoutMs: number): Promise<R> {
    return this.pump.request<R>(method, params, timeoutMs);
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pump.dispose();
    this.spec.hooks.onDispose?.();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private async load(): Promise<void> {
    const webview = this.panel.webview;
    const file = (ext: string) => vscode.Uri.joinPath(this.mediaRoot, `${this.spec.bundle}.${ext}`);
    try {
      const template = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('html')));
      if (this.disposed) return;
      this.pump.reset();
      webview.html = renderWebviewHtml(template, {
        cspSource: webview.cspSource,
        nonce: createNonce(),
        scriptUri: webview.asWebviewUri(file('js')).toString(),
        styleUri: webview.asWebviewUri(file('css')).toString(),
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.spec.logger.error(`webview ${this.spec.bundle}: could not load the page: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The {0} view could not be loaded: {1}', this.spec.title, message));
      this.dispose();
    }
  }
}
