// Binding a call's positional and keyword arguments to a PySpark signature, and converting the bound
// Python values to what the TypeScript client takes. Signatures are written as PySpark declares them:
// "col, offset=, default=" (a trailing "=" marks an optional parameter), "*cols", "**options".
import { Column, colByName } from '../connect/column';
import { typeName } from './format';
import { PyOpError } from './operators';
import { CallArgs, Deferred, NeedsRunPhase, PyDict, PyList, PyTuple, sequenceItems } from './values';

interface ParsedSig {
  params: Array<{ name: string; optional: boolean; kind: 'plain' | 'star' | 'starstar'; kwOnly: boolean }>;
}

const cache = new Map<string, ParsedSig>();

function parseSig(spec: string): ParsedSig {
  let sig = cache.get(spec);
  if (sig) return sig;
  let kwOnly = false;
  const params: ParsedSig['params'] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (raw.startsWith('**')) params.push({ name: raw.slice(2), optional: true, kind: 'starstar', kwOnly: true });
    else if (raw.startsWith('*')) { params.push({ name: raw.slice(1), optional: true, kind: 'star', kwOnly: false }); kwOnly = true; }
    else params.push({ name: raw.replace(/=$/, ''), optional: raw.endsWith('='), kind: 'plain', kwOnly });
  }
  sig = { params };
  cache.set(spec, sig);
  return sig;
}

export type Bound = Record<string, unknown>;

/**
 * Binds arguments like Python does. A star parameter collects extra positionals (an array), a
 * double-star one extra keywords (a Map). Unset optional parameters are undefined.
 */
export function bind(call: CallArgs, fname: string, spec: string): Bound {
  const { params } = parseSig(spec);
  const out: Bound = {};
  let i = 0;
  const star = params.find((p) => p.kind === 'star');
  const starstar = params.find((p) => p.kind === 'starstar');
  for (const p of params) {
    if (p.kind !== 'plain' || p.kwOnly) continue;
    if (i < call.pos.length) out[p.name] = call.pos[i++];
  }
  if (i < call.pos.length) {
    if (!star) throw new PyOpError(`${fname}() takes ${params.filter((p) => p.kind === 'plain' && !p.kwOnly).length} positional arguments but ${call.pos.length} were given`);
    out[star.name] = call.pos.slice(i);
  } else if (star) out[star.name] = [];
  const extra = new Map<string, unknown>();
  for (const [k, v] of call.kw) {
    const p = params.find((q) => q.name === k && q.kind === 'plain');
    if (p) {
      if (k in out) throw new PyOpError(`${fname}() got multiple values for argument '${k}'`);
      out[k] = v;
    } else if (starstar) extra.set(k, v);
    else throw new PyOpError(`${fname}() got an unexpected keyword argument '${k}'`);
  }
  if (starstar) out[starstar.name] = extra;
  for (const p of params) {
    if (p.kind === 'plain' && !p.optional && !(p.name in out)) {
      throw new PyOpError(`${fname}() missing required argument: '${p.name}'`);
    }
  }
  return out;
}

function notDeferred(v: unknown, what: string): void {
  if (v instanceof Deferred) throw new NeedsRunPhase(v.what, `${what}: the value of ${v.what} is only known after the code runs`);
}

export function str(v: unknown, what: string): string {
  notDeferred(v, what);
  if (typeof v !== 'string') throw new PyOpError(`${what} must be a str, not ${typeName(v)}`);
  return v;
}

export function optStr(v: unknown, what: string): string | undefined {
  return v === undefined || v === null ? undefined : str(v, what);
}

export function int(v: unknown, what: string): number {
  notDeferred(v, what);
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new PyOpError(`${what} must be an int, not ${typeName(v)}`);
}

export function optInt(v: unknown, what: string): number | undefined {
  return v === undefined || v === null ? undefined : int(v, what);
}

export function num(v: unknown, what: string): number {
  notDeferred(v, what);
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new PyOpError(`${what} must be a number, not ${typeName(v)}`);
}

export function bool(v: unknown, what: string): boolean {
  notDeferred(v, what);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  throw new PyOpError(`${what} must be a bool, not ${typeName(v)}`);
}

/** A Column, or a str naming one (PySpark's ColumnOrName). */
export function colOrName(v: unknown, what: string): Column | string {
  notDeferred(v, what);
  if (v instanceof Column || typeof v === 'string') return v;
  throw new PyOpError(`${what} should be a Column or str, got ${typeName(v)}`);
}

export function toColumn(v: unknown, what: string): Column {
  const c = colOrName(v, what);
  return typeof c === 'string' ? colByName(c) : c;
}

/** PySpark's "*cols or a single list" convention, flattened. */
export function flatList(values: readonly unknown[]): unknown[] {
  if (values.length === 1) {
    const items = listItems(values[0]);
    if (items) return [...items];
  }
  const out: unknown[] = [];
  for (const v of values) {
    const items = listItems(v);
    if (items) out.push(...items);
    else out.push(v);
  }
  return out;
}

/** The items of a list or tuple (not a str, not a set). */
export function listItems(v: unknown): readonly unknown[] | undefined {
  return v instanceof PyList || v instanceof PyTuple ? v.items : undefined;
}

export function strList(v: unknown, what: string): string[] {
  if (typeof v === 'string') return [v];
  const items = sequenceItems(v);
  if (!items) throw new PyOpError(`${what} must be a str or a list of str, not ${typeName(v)}`);
  return items.map((x) => str(x, what));
}

export function dictOf(v: unknown, what: string): PyDict {
  if (!(v instanceof PyDict)) throw new PyOpError(`${what} must be a dict, not ${typeName(v)}`);
  return v;
}

export function isMissing(v: unknown): boolean {
  return v === undefined;
}
