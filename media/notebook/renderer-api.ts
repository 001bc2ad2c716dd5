// The part of VS Code's notebook renderer API this renderer uses (the package @types/vscode-notebook-renderer
// is not a dependency; these shapes follow its documented interface).

export interface OutputItem {
  readonly id: string;
  readonly mime: string;
  text(): string;
  json(): unknown;
  data(): Uint8Array;
}

export interface RendererContext {
  readonly workspace: { readonly isTrusted: boolean };
  /** Present when the renderer declares requiresMessaging and an extension host is listening. */
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): { dispose(): void };
}

export interface RendererApi {
  renderOutputItem(item: OutputItem, element: HTMLElement, signal: AbortSignal): void | Promise<void>;
  disposeOutputItem?(id?: string): void;
}
