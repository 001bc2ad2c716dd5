// A diagnostic of the language service: document offsets, so every front end (editor, CLI) maps it
// to its own positions.

export type DiagnosticSeverity = 'error' | 'warning' | 'information';

export interface SqlDiagnostic {
  /** Document offsets [start, end). */
  start: number;
  end: number;
  severity: DiagnosticSeverity;
  message: string;
  /** Spark's error class for server diagnostics (e.g. UNRESOLVED_COLUMN.WITH_SUGGESTION); PARSE_SYNTAX_ERROR locally. */
  code: string;
  /** 'local' (the bundled grammar) or 'server' (the connected Spark). */
  origin: 'local' | 'server';
}
