// Where the grammar runs. Its first parses after loading take seconds (ANTLR builds its prediction
// tables lazily), so the editor runs it on a worker thread (grammar-worker.ts) and the CLI in its own
// thread; the language service asks through this one interface either way. Answers are promises that
// may come back empty: a newer request superseded it, its signal was aborted, or it took too long.
import type { GrammarCandidates, GrammarError, SqlGrammar } from './grammar';

export interface ParseOptions {
  signal?: AbortSignal;
  /** Give up waiting after this long (the parse itself may go on, and warm the grammar's caches). */
  timeoutMs?: number;
  /** A newer request on the same channel supersedes an older one not yet answered (typing goes on). */
  channel?: string;
}

export interface GrammarHost {
  readonly name: string;
  /** False while the grammar is loading or warming up: answers may take seconds. */
  readonly warm: boolean;
  /** The errors of each statement text, in order; undefined when there is no answer. */
  syntaxErrors(statements: readonly string[], options?: ParseOptions): Promise<GrammarError[][] | undefined>;
  candidatesAt(statement: string, offset: number, options?: ParseOptions): Promise<GrammarCandidates | undefined>;
  dispose(): void;
}

/** The grammar in the calling thread: answers are immediate, and a cold parse blocks that thread. */
export class InThreadGrammarHost implements GrammarHost {
  readonly warm = true;
  constructor(readonly grammar: SqlGrammar) {}

  get name(): string {
    return `${this.grammar.name}, in-thread`;
  }

  syntaxErrors(statements: readonly string[], options: ParseOptions = {}): Promise<GrammarError[][] | undefined> {
    if (options.signal?.aborted) return Promise.resolve(undefined);
    return Promise.resolve(statements.map((s) => this.grammar.syntaxErrors(s)));
  }

  candidatesAt(statement: string, offset: number, options: ParseOptions = {}): Promise<GrammarCandidates | undefined> {
    if (options.signal?.aborted) return Promise.resolve(undefined);
    return Promise.resolve(this.grammar.candidatesAt(statement, offset));
  }

  dispose(): void {
    // Nothing to release.
  }
}
