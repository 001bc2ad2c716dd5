// The Python values the evaluator works with. Python scalars map onto JavaScript ones so plan building
// stays cheap: int -> bigint (any size; Python ints are not floats), float -> number, str -> string,
// bytes -> Uint8Array, bool -> boolean, None -> null. Containers and callables are small classes here;
// DataFrames, Columns, GroupedData, WindowSpec, DataType and Row are the client's own objects.
import type { SyntaxNode } from '@lezer/common';
import type { SourceSpan } from './run-api';

export class PyList {
  constructor(readonly items: unknown[]) {}
}

export class PyTuple {
  constructor(readonly items: readonly unknown[]) {}
}

/** A dict keeps insertion order; keys are hashed by kind and value (enough for scalar and tuple keys). */
export class PyDict {
  readonly entries = new Map<string, [unknown, unknown]>();

  static of(pairs: Iterable<[unknown, unknown]>): PyDict {
    const d = new PyDict();
    for (const [k, v] of pairs) d.set(k, v);
    return d;
  }

  set(k: unknown, v: unknown): void { this.entries.set(hashKey(k), [k, v]); }
  get(k: unknown): unknown { return this.entries.get(hashKey(k))?.[1]; }
  has(k: unknown): boolean { return this.entries.has(hashKey(k)); }
  delete(k: unknown): boolean { return this.entries.delete(hashKey(k)); }
  keys(): unknown[] { return [...this.entries.values()].map((e) => e[0]); }
  values(): unknown[] { return [...this.entries.values()].map((e) => e[1]); }
  pairs(): Array<[unknown, unknown]> { return [...this.entries.values()]; }
  get size(): number { return this.entries.size; }
}

export class PySet {
  readonly entries = new Map<string, unknown>();

  static of(items: Iterable<unknown>): PySet {
    const s = new PySet();
    for (const i of items) s.add(i);
    return s;
  }

  add(v: unknown): void { this.entries.set(hashKey(v), v); }
  has(v: unknown): boolean { return this.entries.has(hashKey(v)); }
  items(): unknown[] { return [...this.entries.values()]; }
}

export class PySlice {
  constructor(readonly start: unknown, readonly stop: unknown, readonly step: unknown) {}
}

/** Positional and keyword arguments of one call, with where the call is. */
export interface CallArgs {
  pos: unknown[];
  kw: Map<string, unknown>;
  span: SourceSpan;
}

/** A function defined in the evaluated code: def or lambda. */
export class PyFunction {
  constructor(
    readonly name: string,
    readonly params: Param[],
    /** A lambda's expression, or a def's Body node. */
    readonly body: SyntaxNode,
    readonly isLambda: boolean,
    readonly closure: Scope,
  ) {}
}

export interface Param {
  name: string;
  kind: 'plain' | 'star' | 'starstar';
  default?: unknown;
  hasDefault: boolean;
}

/** A function the runner provides (print, len, F.col, df.select, ...). */
export class PyBuiltin {
  constructor(
    readonly name: string,
    readonly call: (args: CallArgs) => unknown,
  ) {}
}

/** A module or namespace object (pyspark.sql.functions, Window, datetime, ...). */
export class PyModule {
  constructor(
    readonly name: string,
    readonly attrs: ReadonlyMap<string, unknown>,
    /** Attributes not in `attrs` (e.g. any Spark function name); undefined when there is none. */
    readonly fallback?: (name: string) => unknown,
  ) {}

  get(name: string): unknown {
    if (this.attrs.has(name)) return this.attrs.get(name);
    return this.fallback?.(name);
  }
}

/**
 * The result of an action (count(), collect(), ...) that only the run phase knows. It can be printed,
 * formatted and combined with other values; the plans being built can never depend on it.
 */
export class Deferred {
  constructor(
    readonly what: string,
    readonly resolve: () => Promise<unknown>,
  ) {}
}

/** Lexical scope: module globals, then each function call's locals. */
export class Scope {
  readonly vars = new Map<string, unknown>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): { found: boolean; value: unknown } {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.vars.has(name)) return { found: true, value: s.vars.get(name) };
    }
    return { found: false, value: undefined };
  }
}

export function hashKey(v: unknown): string {
  if (v === null || v === undefined) return 'N';
  if (typeof v === 'boolean') return v ? 'i1' : 'i0'; // True == 1 as a dict key, as in Python
  if (typeof v === 'bigint') return `i${v}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `i${v}` : `f${v}`;
  if (typeof v === 'string') return `s${v}`;
  if (v instanceof PyTuple) return `t(${v.items.map(hashKey).join(',')})`;
  return `o${objectId(v as object)}`;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) { id = nextId++; ids.set(o, id); }
  return id;
}

/** The items of a list, tuple or set (or undefined for anything else). */
export function sequenceItems(v: unknown): readonly unknown[] | undefined {
  if (v instanceof PyList || v instanceof PyTuple) return v.items;
  if (v instanceof PySet) return v.items();
  return undefined;
}

/**
 * Thrown when evaluation needs the value of an action (a plan built from df.count(), a branch on it):
 * the evaluator then leaves the rest of the code to the run phase (see Evaluator.run).
 */
export class NeedsRunPhase extends Error {
  constructor(readonly what: string, message: string) {
    super(message);
  }
}
