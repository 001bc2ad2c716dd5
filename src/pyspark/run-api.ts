// The contract between the PySpark runner (src/pyspark/) and everything that calls it: the editor, the
// CLI, the notebook kernel and the tests. Written first so the runner and its callers can be built in
// parallel; the runner may add kinds and fields, but not change what is here without updating callers.
import type { DataFrame } from '../connect/dataframe';
import type { ExplainMode } from '../connect/explain-mode';
import type { SparkSession } from '../connect/session';

/** Where in the source a construct sits: offsets into the source text; line and column are 1-based. */
export interface SourceSpan {
  from: number;
  to: number;
  line: number;
  column: number;
}

/** What one action of the evaluated code shows, in the order the actions ran. */
export type PySparkOutput =
  /** show(), display(df) or a bare DataFrame expression: the caller executes `df` (the grid streams it). */
  | { kind: 'dataframe'; df: DataFrame; how: 'show' | 'display' | 'expression'; span: SourceSpan;
    /** df.show(n, truncate, vertical) as written, so PySpark's text form stays available. */
    show?: { n: number; truncate: boolean | number; vertical: boolean };
    /** Where in the source a server error from executing `df` points (SQL text or call), if known. */
    locateError?: (error: unknown) => SourceSpan | undefined }
  /** count(), collect(), first(), take(n), head(), or any other value an action returned. */
  | { kind: 'value'; value: unknown; text: string; span: SourceSpan }
  /** print(...), printSchema(), and other text. */
  | { kind: 'text'; text: string; span: SourceSpan }
  /** df.explain(mode): the caller asks for the plan (never executes it). */
  | { kind: 'explain'; df: DataFrame; mode: ExplainMode; span: SourceSpan;
    /** As for 'dataframe': a server error from explaining `df`, back to the source. */
    locateError?: (error: unknown) => SourceSpan | undefined }
  /** df.write…: what was written and where. */
  | { kind: 'write'; description: string; span: SourceSpan };

/** Why code was not run: a parse error, an evaluation error, or a construct the runner cannot run. */
export type PySparkErrorPhase = 'parse' | 'evaluate' | 'unsupported';

export interface PySparkRunOptions {
  /** Shown in errors and sent as the call site's file in Spark 4's Origin. */
  fileName?: string;
  signal?: AbortSignal;
  /**
   * A notebook's state: the names earlier cells bound, read before evaluating and updated with this
   * source's names once it has evaluated (nothing is bound when evaluation fails).
   */
  names?: Map<string, unknown>;
  /**
   * Offset in the source where the code the user asked for starts; what comes before it is a dependency
   * slice, evaluated whole, whose actions (show, print, count, write, ...) are not run and show nothing.
   * Statements it needs run (SQL commands, temp views, conf); an action value later code reads is computed then.
   */
  skipActionsBefore?: number;
  /**
   * Receives each output as its action produces it, and is awaited before the next action runs, so a
   * caller that executes DataFrames here shows everything in the order of the code. A throw stops the run
   * (the runner's error span for it is the output's).
   */
  onOutput?: (output: PySparkOutput) => Promise<void>;
  /** What a notebook does with session plumbing (SparkSession.builder.remote/master, spark.stop()). */
  plumbing?: SessionPlumbing;
}

/**
 * Notebooks written for Jupyter build and stop their own sessions; here the code runs on the session it
 * was given. Without plumbing, builder calls are accepted as they are and spark.stop() does nothing.
 */
export interface SessionPlumbing {
  /** Where the code really runs, as the user knows it (e.g. "profile 'local' (sc://localhost:15002)"). */
  runsOn: string;
  /** The connection URL, when known: a .remote(url) naming the same server gets no note. */
  remote?: string;
  /**
   * spark.stop() at its step: the caller ends the server session once this source's outputs are shown
   * (they execute after the steps), and the next source gets a fresh session.
   */
  stop(signal?: AbortSignal): Promise<void>;
}

/** Evaluates the whole source to plans first (nothing sent when that fails), then runs its actions in order. */
export type RunPySpark = (source: string, spark: SparkSession, options?: PySparkRunOptions) => Promise<PySparkOutput[]>;

/**
 * A parse error, an evaluation error or a construct the runner cannot run, at its place in the source.
 * Thrown by the runner before anything is sent (evaluation covers the whole source first).
 */
export class PySparkError extends Error {
  constructor(
    readonly phase: PySparkErrorPhase,
    /** The construct, as the message names it (e.g. "udf", "open(...)", "while loop"). */
    readonly construct: string,
    message: string,
    readonly span: SourceSpan,
    readonly fileName?: string,
  ) {
    super(message);
    this.name = 'PySparkError';
  }

  /** "file:line:column: message", as the CLI prints it. */
  describe(): string {
    return `${this.fileName ?? '<selection>'}:${this.span.line}:${this.span.column}: ${this.message}`;
  }
}
