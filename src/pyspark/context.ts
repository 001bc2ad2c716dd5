// What the PySpark surface (functions, DataFrame methods, ...) needs from the evaluator.
import type { SparkSession } from '../connect/session';
import { PySparkError, type SessionPlumbing, type SourceSpan } from './run-api';
import type { Step } from './steps';
import type { CallArgs } from './values';

export interface EvalContext {
  readonly session: SparkSession;
  readonly fileName?: string;
  /** True when nothing may ask the server anything (df.columns then fails instead of asking). */
  readonly offline: boolean;
  addStep(step: Step): void;
  /** Calls a Python callable (a lambda or def) with values, e.g. a lambda given to F.transform. */
  callValue(fn: unknown, args: CallArgs): Promise<unknown>;
  /** Whether steps recorded so far have yet to run (evaluation phase, not the run phase). */
  hasPendingSteps(): boolean;
  /** A fresh, unique name (temp views for spark.sql's {df} references). */
  uniqueName(prefix: string): string;
  /** A notebook's session plumbing (run-api.ts), when the caller gave one. */
  readonly plumbing?: SessionPlumbing;
}

export function unsupported(span: SourceSpan, construct: string, message: string, fileName?: string): PySparkError {
  return new PySparkError('unsupported', construct, message, span, fileName);
}

export function evalError(span: SourceSpan, construct: string, message: string, fileName?: string): PySparkError {
  return new PySparkError('evaluate', construct, message, span, fileName);
}
