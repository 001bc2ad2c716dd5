// Python's builtins that DataFrame code uses (print, len, range, enumerate, zip, sorted, ...), and
// refusals for the ones that reach outside (open, input, eval, exec, __import__).
import { Column } from '../connect/column';
import { DataFrame } from '../connect/dataframe';
import { DataType, StructField } from '../connect/data-types';
import { bind, int } from './args';
import { iterate } from './containers';
import { EvalContext, unsupported } from './context';
import { reprOf, strOf, typeName } from './format';
import { PyOpError, binaryOp, compareValues, pyEquals, truthy } from './operators';
import { PyDecimal } from './py-literals';
import type { SourceSpan } from './run-api';
import { CallArgs, Deferred, PyBuiltin, PyDict, PyFunction, PyList, PySet, PyTuple } from './values';

const MAX_RANGE = 1_000_000;

const cache = new WeakMap<EvalContext, Map<string, unknown>>();

export function builtins(ctx: EvalContext): Map<string, unknown> {
  let m = cache.get(ctx);
  if (!m) { m = makeBuiltins(ctx); cache.set(ctx, m); }
  return m;
}

function fn(name: string, call: (a: CallArgs) => unknown): [string, PyBuiltin] {
  return [name, new PyBuiltin(name, call)];
}

async function resolveAll(values: unknown[]): Promise<unknown[]> {
  return Promise.all(values.map((v) => (v instanceof Deferred ? v.resolve() : v)));
}

function refuse(name: string, why: string): [string, PyBuiltin] {
  return fn(name, (a) => { throw unsupported(a.span, `${name}(...)`, `${name}(...) ${why}`); });
}

function makeBuiltins(ctx: EvalContext): Map<string, unknown> {
  const textStep = (span: SourceSpan, label: string, produce: () => Promise<string>): void => {
    ctx.addStep({ span, label, emit: true, run: async () => ({ kind: 'text', text: await produce(), span }) });
  };
  const callKey = async (key: unknown, v: unknown, span: SourceSpan): Promise<unknown> =>
    (key === undefined || key === null ? v : ctx.callValue(key, { pos: [v], kw: new Map(), span }));

  return new Map<string, unknown>([
    fn('print', (a) => {
      const b = bind(a, 'print', '*values, sep=, end=, file=, flush=');
      if (b['file'] !== undefined && b['file'] !== null) throw unsupported(a.span, 'print(file=...)', 'print(file=...) writes a local file, which the PySpark runner does not do');
      const sep = b['sep'] === undefined || b['sep'] === null ? ' ' : strOf(b['sep']);
      const end = b['end'] === undefined || b['end'] === null ? '\n' : strOf(b['end']);
      const values = b['values'] as unknown[];
      textStep(a.span, 'print()', async () => (await resolveAll(values)).map(strOf).join(sep) + (end === '\n' ? '' : end));
      return null;
    }),
    fn('display', (a) => {
      const b = bind(a, 'display', 'obj');
      const obj = b['obj'];
      if (obj instanceof DataFrame) {
        ctx.addStep({ span: a.span, label: 'display()', emit: true, run: () => Promise.resolve({ kind: 'dataframe', df: obj, how: 'display', span: a.span }) });
      } else {
        textStep(a.span, 'display()', async () => strOf((await resolveAll([obj]))[0]));
      }
      return null;
    }),
    fn('len', (a) => {
      const v = bind(a, 'len', 'obj')['obj'];
      if (v instanceof Deferred) return new Deferred(v.what, async () => lengthOf(await v.resolve()));
      return lengthOf(v);
    }),
    fn('range', (a) => {
      const b = bind(a, 'range', 'a, b=, step=');
      const [start, stop] = b['b'] === undefined ? [0, int(b['a'], 'range')] : [int(b['a'], 'range'), int(b['b'], 'range')];
      const step = b['step'] === undefined ? 1 : int(b['step'], 'range');
      if (step === 0) throw new PyOpError('range() arg 3 must not be zero');
      const n = Math.max(0, Math.ceil((stop - start) / step));
      if (n > MAX_RANGE) throw new PyOpError(`range of ${n} items is more than the runner evaluates`);
      return new PyList(Array.from({ length: n }, (_, i) => BigInt(start + i * step)));
    }),
    fn('enumerate', (a) => {
      const b = bind(a, 'enumerate', 'iterable, start=');
      const start = b['start'] === undefined ? 0 : int(b['start'], 'start');
      return new PyList(iterate(b['iterable']).map((v, i) => new PyTuple([BigInt(start + i), v])));
    }),
    fn('zip', (a) => {
      const lists = a.pos.map(iterate);
      const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
      return new PyList(Array.from({ length: n }, (_, i) => new PyTuple(lists.map((l) => l[i]))));
    }),
    fn('list', (a) => new PyList(a.pos.length === 0 ? [] : iterate(a.pos[0]))),
    fn('tuple', (a) => new PyTuple(a.pos.length === 0 ? [] : iterate(a.pos[0]))),
    fn('set', (a) => PySet.of(a.pos.length === 0 ? [] : iterate(a.pos[0]))),
    fn('frozenset', (a) => PySet.of(a.pos.length === 0 ? [] : iterate(a.pos[0]))),
    fn('dict', (a) => {
      const d = new PyDict();
      if (a.pos.length > 0) {
        const src = a.pos[0];
        if (src instanceof PyDict) for (const [k, v] of src.pairs()) d.set(k, v);
        else for (const item of iterate(src)) { const [k, v] = iterate(item); d.set(k, v); }
      }
      for (const [k, v] of a.kw) d.set(k, v);
      return d;
    }),
    fn('str', (a) => {
      const v = a.pos[0] ?? '';
      if (v instanceof Deferred) return new Deferred(v.what, async () => strOf(await v.resolve()));
      return strOf(v);
    }),
    fn('repr', (a) => reprOf(a.pos[0])),
    fn('int', (a) => {
      const v = a.pos[0] ?? 0n;
      if (typeof v === 'bigint') return v;
      if (typeof v === 'boolean') return v ? 1n : 0n;
      if (typeof v === 'number') return BigInt(Math.trunc(v));
      if (typeof v === 'string') {
        const base = a.pos[1] === undefined ? 10 : int(a.pos[1], 'base');
        const t = v.trim().replace(/_/g, '');
        const n = base === 10 ? (/^[+-]?\d+$/.test(t) ? BigInt(t) : undefined) : parseInt(t, base);
        if (n === undefined || (typeof n === 'number' && Number.isNaN(n))) throw new PyOpError(`invalid literal for int(): '${v}'`);
        return BigInt(n);
      }
      if (v instanceof Deferred) return new Deferred(v.what, async () => { const x = await v.resolve(); return typeof x === 'number' ? BigInt(Math.trunc(x)) : BigInt(x as bigint); });
      throw new PyOpError(`int() argument must be a string or a number, not '${typeName(v)}'`);
    }),
    fn('float', (a) => {
      const v = a.pos[0] ?? 0;
      if (typeof v === 'string') {
        const t = v.trim().toLowerCase();
        const n = t === 'inf' || t === '+inf' ? Infinity : t === '-inf' ? -Infinity : t === 'nan' ? NaN : Number(t);
        if (Number.isNaN(n) && t !== 'nan') throw new PyOpError(`could not convert string to float: '${v}'`);
        return n;
      }
      if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return Number(v);
      if (v instanceof Deferred) return new Deferred(v.what, async () => Number(await v.resolve()));
      throw new PyOpError(`float() argument must be a string or a number, not '${typeName(v)}'`);
    }),
    fn('bool', (a) => (a.pos.length === 0 ? false : truthy(a.pos[0]))),
    // binary values for BinaryType columns; a bytearray is a bytes value here (nothing mutates it in place)
    fn('bytes', (a) => {
      const b = bind(a, 'bytes', 'source=, encoding=, errors=');
      return bytesOf(b['source'], b['encoding']);
    }),
    fn('bytearray', (a) => {
      const b = bind(a, 'bytearray', 'source=, encoding=, errors=');
      return bytesOf(b['source'], b['encoding']);
    }),
    fn('abs', (a) => {
      const v = a.pos[0];
      if (typeof v === 'bigint') return v < 0n ? -v : v;
      if (typeof v === 'number') return Math.abs(v);
      throw new PyOpError(`bad operand type for abs(): '${typeName(v)}'`);
    }),
    fn('round', (a) => {
      const b = bind(a, 'round', 'number, ndigits=');
      const v = b['number'];
      // round(df.stat.corr(...), 6): the number is known in the run phase
      if (v instanceof Deferred) return new Deferred(v.what, async () => ctx.callValue(builtins(ctx).get('round'), { ...a, pos: [await v.resolve(), ...a.pos.slice(1)] }));
      if (b['ndigits'] === undefined || b['ndigits'] === null) {
        if (typeof v === 'bigint') return v;
        const x = Number(v);
        const r = Math.round(x);
        // Python rounds halves to even
        return BigInt(Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r);
      }
      const d = int(b['ndigits'], 'ndigits');
      if (typeof v === 'bigint') return v;
      return Number(Number(v).toFixed(Math.max(0, d)));
    }),
    fn('min', (a) => extreme(a, -1)),
    fn('max', (a) => extreme(a, 1)),
    fn('sum', (a) => {
      const items = iterate(a.pos[0]);
      let acc: unknown = a.pos[1] ?? 0n;
      for (const x of items) acc = binaryOp('+', acc, x);
      return acc;
    }),
    fn('any', (a) => iterate(a.pos[0]).some(truthy)),
    fn('all', (a) => iterate(a.pos[0]).every(truthy)),
    fn('sorted', async (a) => {
      const b = bind(a, 'sorted', 'iterable, key=, reverse=');
      const items = iterate(b['iterable']);
      const keys = await Promise.all(items.map((v) => callKey(b['key'], v, a.span)));
      const order = items.map((_, i) => i).sort((x, y) => compareValues(keys[x], keys[y]));
      if (b['reverse'] !== undefined && truthy(b['reverse'])) order.reverse();
      return new PyList(order.map((i) => items[i]));
    }),
    fn('reversed', (a) => new PyList(iterate(a.pos[0]).reverse())),
    fn('map', async (a) => {
      const [f, ...its] = a.pos;
      const lists = its.map(iterate);
      const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(await ctx.callValue(f, { pos: lists.map((l) => l[i]), kw: new Map(), span: a.span }));
      return new PyList(out);
    }),
    fn('isinstance', (a) => {
      const [v, t] = a.pos;
      const types = t instanceof PyTuple ? t.items : [t];
      return types.some((ty) => ty instanceof PyBuiltin && isInstance(v, ty.name));
    }),
    fn('Decimal', (a) => new PyDecimal(strOf(a.pos[0] ?? '0'))),
    refuse('open', 'reads or writes a local file, which the PySpark runner does not do; read files with spark.read'),
    refuse('input', 'waits for keyboard input, which the PySpark runner cannot give'),
    refuse('eval', 'runs arbitrary Python, which the PySpark runner cannot do'),
    refuse('exec', 'runs arbitrary Python, which the PySpark runner cannot do'),
    refuse('__import__', 'imports arbitrary modules, which the PySpark runner cannot do'),
    refuse('compile', 'compiles arbitrary Python, which the PySpark runner cannot do'),
    refuse('globals', 'is not supported by the PySpark runner'),
    refuse('locals', 'is not supported by the PySpark runner'),
    refuse('getattr', 'is not supported by the PySpark runner'),
    refuse('setattr', 'is not supported by the PySpark runner'),
  ]);
}

function isInstance(v: unknown, type: string): boolean {
  if (type.endsWith('Type') && v instanceof DataType) return v.constructor.name === type || (type === 'DataType');
  if (type === 'StructField') return v instanceof StructField;
  switch (type) {
    case 'str': return typeof v === 'string';
    case 'int': return typeof v === 'bigint' || typeof v === 'boolean';
    case 'float': return typeof v === 'number';
    case 'bool': return typeof v === 'boolean';
    case 'list': return v instanceof PyList;
    case 'tuple': return v instanceof PyTuple;
    case 'dict': return v instanceof PyDict;
    case 'set': return v instanceof PySet;
    default: return false;
  }
}

function lengthOf(v: unknown): bigint {
  if (typeof v === 'string') return BigInt([...v].length);
  if (v instanceof PyDict) return BigInt(v.size);
  if (v instanceof Column || v instanceof DataFrame || v instanceof PyFunction) throw new PyOpError(`object of type '${typeName(v)}' has no len()`);
  return BigInt(iterate(v).length);
}

function extreme(a: CallArgs, sign: 1 | -1): unknown {
  const items = a.pos.length === 1 ? iterate(a.pos[0]) : a.pos;
  if (items.some((x) => x instanceof Column)) {
    throw new PyOpError(`Python's ${sign > 0 ? 'max' : 'min'}() cannot compare Columns; use F.${sign > 0 ? 'greatest' : 'least'}(...) or F.${sign > 0 ? 'max' : 'min'}(...)`);
  }
  if (items.length === 0) {
    if (a.kw.has('default')) return a.kw.get('default');
    throw new PyOpError(`${sign > 0 ? 'max' : 'min'}() arg is an empty sequence`);
  }
  let best = items[0];
  for (const x of items.slice(1)) if (compareValues(x, best) * sign > 0 && !pyEquals(x, best)) best = x;
  return best;
}

/** bytes(x) / bytearray(x): from bytes, a list of ints 0..255, a str with its encoding, or a length. */
function bytesOf(source: unknown, encoding: unknown): Uint8Array {
  if (source === undefined) return new Uint8Array(0);
  if (source instanceof Uint8Array) return new Uint8Array(source);
  if (typeof source === 'string') {
    if (encoding === undefined) throw new PyOpError('string argument without an encoding');
    const enc = String(encoding).toLowerCase().replace(/[-_]/g, '');
    if (enc !== 'utf8') throw new PyOpError(`the runner encodes strings as utf-8 only, not ${String(encoding)}`);
    return new TextEncoder().encode(source);
  }
  if (typeof source === 'bigint') {
    if (source < 0n) throw new PyOpError('negative count');
    if (source > BigInt(MAX_RANGE)) throw new PyOpError(`a bytes value of ${source} bytes is more than the runner makes`);
    return new Uint8Array(Number(source));
  }
  const items = iterate(source).map((x) => {
    if (typeof x !== 'bigint' && typeof x !== 'boolean') throw new PyOpError(`'${typeName(x)}' object cannot be interpreted as an integer`);
    const n = Number(x);
    if (n < 0 || n > 255) throw new PyOpError('bytes must be in range(0, 256)');
    return n;
  });
  return new Uint8Array(items);
}
