// The explain modes by the names PySpark's df.explain(mode=...) takes: the one declaration that the
// DataFrame API, the engine, the CLI, the plan parser and the plan webview all use. It imports nothing,
// so the webview bundle can take it without the protobuf code (the wire enum is in explain-mode-proto.ts).

export const EXPLAIN_MODES = ['simple', 'extended', 'codegen', 'cost', 'formatted'] as const;

export type ExplainMode = (typeof EXPLAIN_MODES)[number];
