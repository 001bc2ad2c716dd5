// What the run phase does, in source order: each step is one action found while evaluating (show,
// count, print, write, a SQL command, ...). Evaluation only records steps; running them is run.ts's job.
import type { PySparkOutput, SourceSpan } from './run-api';
import { reprResult } from './format';
import { Deferred, PyList, PyTuple } from './values';

export interface Step {
  span: SourceSpan;
  /** What the step is, for the slice helper and messages ("count()", "show()", "spark.sql command"). */
  label: string;
  /** Whether its result is shown (a statement-level action) or only feeds later code. */
  emit: boolean;
  /** The plan the step runs, when it runs one (to map a server error back to the source). */
  plan?: unknown;
  /**
   * A statement evaluated in the run phase (it needed an action's value): under skipActionsBefore it
   * still runs (it binds names), and the steps it makes are skipped or run one by one.
   */
  runsCode?: boolean;
  /**
   * Called instead of run() when skipActionsBefore leaves the step out (set by action values: later
   * code that reads the value then computes it, under this signal).
   */
  leave?(signal?: AbortSignal): void;
  /**
   * Runs the step; a statement that waited for the run phase may show several outputs, or, given
   * `phase`, delivers them through it as they come (and returns none).
   */
  run(signal?: AbortSignal, phase?: RunPhase): Promise<PySparkOutput | PySparkOutput[] | undefined>;
}

/** How the run phase treats the steps it runs: where outputs go, and which actions it leaves out. */
export interface RunPhase {
  /** Receives each output as its step produces it; awaited before the next step runs. */
  deliver(output: PySparkOutput): Promise<void>;
  /** Steps that only show something (or compute an action value) and start before this offset are not run. */
  skipActionsBefore: number;
}

/**
 * Runs one step in the run phase: leaves it out when it is an action of the code before
 * skipActionsBefore (a dependency slice's), else runs it and delivers what it shows.
 */
export async function runStep(step: Step, phase: RunPhase, signal?: AbortSignal): Promise<void> {
  if (step.span.from < phase.skipActionsBefore && !step.runsCode && (step.emit || step.leave !== undefined)) {
    step.leave?.(signal);
    return;
  }
  const out = await step.run(signal, phase);
  for (const o of Array.isArray(out) ? out : out ? [out] : []) await phase.deliver(o);
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
      leave: (signal) => { signalRef = signal; },
      run: async (signal) => {
        signalRef = signal;
        const value = await this.resolve();
        return this.step.emit ? { kind: 'value', value, text: toText(value), span } : undefined;
      },
    };
  }
}

/** A value with the action values inside it (a tuple of counts, a list of take() results) resolved, in order. */
async function resolveDeep(v: unknown): Promise<unknown> {
  if (v instanceof Deferred) return resolveDeep(await v.resolve());
  if (!(v instanceof PyTuple) && !(v instanceof PyList)) return v;
  const items: unknown[] = [];
  for (const x of v.items) items.push(await resolveDeep(x));
  return v instanceof PyTuple ? new PyTuple(items) : new PyList(items);
}

/**
 * The value of a bare expression ending the code (`df.schema`, a tuple of counts): shown as a notebook
 * shows a cell's last expression, when the run phase reaches it.
 */
export function valueStep(span: SourceSpan, value: unknown): Step {
  return {
    span, label: 'value', emit: true,
    run: async () => {
      const v = await resolveDeep(value);
      return v === null || v === undefined ? undefined : { kind: 'value', value: v, text: reprResult(v), span };
    },
  };
}
