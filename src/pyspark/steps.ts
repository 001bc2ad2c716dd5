// What the run phase does, in source order: each step is one action found while evaluating (show,
// count, print, write, a SQL command, ...). Evaluation only records steps; running them is run.ts's job.
import type { PySparkOutput, SourceSpan } from './run-api';
import { Deferred } from './values';

export interface Step {
  span: SourceSpan;
  /** What the step is, for the slice helper and messages ("count()", "show()", "spark.sql command"). */
  label: string;
  /** Whether its result is shown (a statement-level action) or only feeds later code. */
  emit: boolean;
  /** The plan the step runs, when it runs one (to map a server error back to the source). */
  plan?: unknown;
  /** Runs the step; a statement that waited for the run phase may show several outputs. */
  run(signal?: AbortSignal): Promise<PySparkOutput | PySparkOutput[] | undefined>;
}

/**
 * The value of an action (count(), collect(), first(), ...): computed once, in its step, and
 * readable by later steps (print(n), f"{n}") through resolve().
 */
export class ActionValue extends Deferred {
  readonly step: Step;
  private result?: Promise<unknown>;

  constructor(what: string, span: SourceSpan, compute: (signal?: AbortSignal) => Promise<unknown>,
    toText: (v: unknown) => string, plan?: unknown) {
    let signalRef: AbortSignal | undefined;
    super(what, () => {
      this.result ??= compute(signalRef);
      return this.result;
    });
    this.step = {
      span, label: what, emit: false, ...(plan === undefined ? {} : { plan }),
      run: async (signal) => {
        signalRef = signal;
        const value = await this.resolve();
        return this.step.emit ? { kind: 'value', value, text: toText(value), span } : undefined;
      },
    };
  }
}
