// Python's operators on evaluated values. On Columns they build the expressions PySpark's Connect
// Column builds (the same function names and operand order, so result column names match); on
// Python values they follow Python (ints stay exact as bigint, / is true division, // floors).
import { Column } from '../connect/column';
import { toLiteralColumn } from './py-literals';
import { reprOf, strOf, typeName } from './format';
import { formatNumber, formatValueText } from './format-spec';
import { Deferred, NeedsRunPhase, PyDict, PyList, PySet, PyTuple, hashKey, sequenceItems } from './values';

/** Thrown for a Python-level error (TypeError, ZeroDivisionError, ...); the evaluator adds the position. */
export class PyOpError extends Error {}

export function truthy(v: unknown): boolean {
  if (v instanceof Column) {
    throw new PyOpError("Cannot convert column into bool: use '&' for 'and', '|' for 'or', '~' for 'not' when building DataFrame boolean expressions");
  }
  if (v instanceof Deferred) throw new NeedsRunPhase(v.what, `the value of ${v.what} is only known after the code runs`);
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  const items = sequenceItems(v);
  if (items) return items.length > 0;
  if (v instanceof PyDict) return v.size > 0;
  return true;
}

function asInt(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return undefined;
}

function asNum(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const i = asInt(v);
  return i === undefined ? undefined : Number(i);
}

const COLUMN_OPS: Record<string, { fn: string; reverse: boolean }> = {
  // reverse: whether `literal OP column` puts the literal first (PySpark's reflected operators)
  '+': { fn: '+', reverse: false }, '-': { fn: '-', reverse: true }, '*': { fn: '*', reverse: false },
  '/': { fn: '/', reverse: true }, '%': { fn: '%', reverse: true }, '**': { fn: 'power', reverse: true },
  '&': { fn: 'and', reverse: false }, '|': { fn: 'or', reverse: false },
  '==': { fn: '==', reverse: false }, '<': { fn: '<', reverse: false }, '<=': { fn: '<=', reverse: false },
  '>': { fn: '>', reverse: false }, '>=': { fn: '>=', reverse: false },
};
const FLIPPED: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==' };

function fnCall(name: string, a: Column, b: Column): Column {
  return new Column({ unresolvedFunction: { functionName: name, arguments: [a.expr, b.expr], isDistinct: false } });
}

function columnBinary(op: string, left: unknown, right: unknown): Column {
  if (op === '!=') return columnBinary('==', left, right).not();
  const spec = COLUMN_OPS[op];
  if (!spec) throw new PyOpError(`unsupported operand type(s) for ${op}: '${typeName(left)}' and '${typeName(right)}'`);
  if (left instanceof Column && right instanceof Column) return fnCall(spec.fn, left, right);
  if (left instanceof Column) return fnCall(spec.fn, left, toLiteralColumn(right));
  // literal OP column: Python asks the column's reflected operator
  const col = right as Column;
  const lit = toLiteralColumn(left);
  if (FLIPPED[op]) return fnCall(COLUMN_OPS[FLIPPED[op]]!.fn, col, lit);
  return spec.reverse ? fnCall(spec.fn, lit, col) : fnCall(spec.fn, col, lit);
}

export function binaryOp(op: string, a: unknown, b: unknown): unknown {
  if (a instanceof Column || b instanceof Column) return columnBinary(op, a, b);
  if (a instanceof Deferred || b instanceof Deferred) {
    return new Deferred(a instanceof Deferred ? a.what : (b as Deferred).what, async () => {
      const x = a instanceof Deferred ? await a.resolve() : a;
      const y = b instanceof Deferred ? await b.resolve() : b;
      return binaryOp(op, x, y);
    });
  }
  if (op === '==' || op === '!=') return (op === '==') === pyEquals(a, b);
  if (op === '<' || op === '<=' || op === '>' || op === '>=') {
    const c = compare(a, b, op);
    return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
  }
  const ia = asInt(a);
  const ib = asInt(b);
  if (ia !== undefined && ib !== undefined) return intOp(op, ia, ib, a, b);
  const na = asNum(a);
  const nb = asNum(b);
  if (na !== undefined && nb !== undefined) return floatOp(op, na, nb, a, b);
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (a instanceof PyList && b instanceof PyList) return new PyList([...a.items, ...b.items]);
    if (a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
    if (a instanceof Uint8Array && b instanceof Uint8Array) return new Uint8Array([...a, ...b]);
  }
  if (op === '*') {
    const [seq, n] = ib !== undefined ? [a, ib] : ia !== undefined ? [b, ia] : [undefined, undefined];
    if (n !== undefined) {
      const k = Math.max(0, Number(n));
      if (typeof seq === 'string') return seq.repeat(k);
      if (seq instanceof PyList) return new PyList(Array.from({ length: k }, () => seq.items).flat());
      if (seq instanceof PyTuple) return new PyTuple(Array.from({ length: k }, () => seq.items).flat());
    }
  }
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  if (op === '|' && a instanceof PyDict && b instanceof PyDict) return PyDict.of([...a.pairs(), ...b.pairs()]);
  if (a instanceof PySet && b instanceof PySet) {
    if (op === '|') return PySet.of([...a.items(), ...b.items()]);
    if (op === '&') return PySet.of(a.items().filter((x) => b.has(x)));
    if (op === '-') return PySet.of(a.items().filter((x) => !b.has(x)));
  }
  throw new PyOpError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function intOp(op: string, a: bigint, b: bigint, ra: unknown, rb: unknown): unknown {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': if (b === 0n) throw new PyOpError('division by zero'); return Number(a) / Number(b);
    case '//': if (b === 0n) throw new PyOpError('integer division or modulo by zero'); return floorDiv(a, b);
    case '%': if (b === 0n) throw new PyOpError('integer division or modulo by zero'); return a - floorDiv(a, b) * b;
    case '**': return b >= 0n ? a ** b : Number(a) ** Number(b);
    case '&': return typeof ra === 'boolean' && typeof rb === 'boolean' ? ra && rb : a & b;
    case '|': return typeof ra === 'boolean' && typeof rb === 'boolean' ? ra || rb : a | b;
    case '^': return typeof ra === 'boolean' && typeof rb === 'boolean' ? ra !== rb : a ^ b;
    case '<<': return a << b;
    case '>>': return a >> b;
    default: throw new PyOpError(`unsupported operand type(s) for ${op}: 'int' and 'int'`);
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function floatOp(op: string, a: number, b: number, ra: unknown, rb: unknown): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': if (b === 0) throw new PyOpError('float division by zero'); return a / b;
    case '//': if (b === 0) throw new PyOpError('float floor division by zero'); return Math.floor(a / b);
    case '%': if (b === 0) throw new PyOpError('float modulo'); return a - Math.floor(a / b) * b;
    case '**': return a ** b;
    default: throw new PyOpError(`unsupported operand type(s) for ${op}: '${typeName(ra)}' and '${typeName(rb)}'`);
  }
}

export function pyEquals(a: unknown, b: unknown): boolean {
  const na = asNum(a);
  const nb = asNum(b);
  if (na !== undefined && nb !== undefined) {
    const ia = asInt(a);
    const ib = asInt(b);
    return ia !== undefined && ib !== undefined ? ia === ib : na === nb;
  }
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  const sa = sequenceItems(a);
  const sb = sequenceItems(b);
  if (sa && sb && (a as object).constructor === (b as object).constructor) {
    if (a instanceof PySet) return sa.length === sb.length && sa.every((x) => (b as PySet).has(x));
    return sa.length === sb.length && sa.every((x, i) => pyEquals(x, sb[i]));
  }
  if (a instanceof PyDict && b instanceof PyDict) {
    return a.size === b.size && a.pairs().every(([k, v]) => b.has(k) && pyEquals(v, b.get(k)));
  }
  return a === b;
}

function compare(a: unknown, b: unknown, op: string): number {
  const na = asNum(a);
  const nb = asNum(b);
  if (na !== undefined && nb !== undefined) {
    const ia = asInt(a);
    const ib = asInt(b);
    if (ia !== undefined && ib !== undefined) return ia < ib ? -1 : ia > ib ? 1 : 0;
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const sa = sequenceItems(a);
  const sb = sequenceItems(b);
  if (sa && sb && !(a instanceof PySet)) {
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      if (!pyEquals(sa[i], sb[i])) return compare(sa[i], sb[i], op);
    }
    return sa.length - sb.length;
  }
  throw new PyOpError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Sorting key comparison for sorted()/min()/max(). */
export function compareValues(a: unknown, b: unknown): number {
  return compare(a, b, '<');
}

export function contains(container: unknown, item: unknown): boolean {
  if (container instanceof Column || item instanceof Column) {
    throw new PyOpError("Cannot convert column into bool: use Column.isin(...) or F.array_contains(...) instead of 'in'");
  }
  if (typeof container === 'string' && typeof item === 'string') return container.includes(item);
  if (container instanceof PyDict) return container.has(item);
  if (container instanceof PySet) return container.has(item);
  const items = sequenceItems(container);
  if (items) return items.some((x) => pyEquals(x, item));
  throw new PyOpError(`argument of type '${typeName(container)}' is not iterable`);
}

export function unaryOp(op: string, v: unknown): unknown {
  if (v instanceof Column) {
    if (op === '-') return v.negate();
    if (op === '~') return v.not();
    if (op === '+') return v;
    throw new PyOpError(`bad operand type for unary ${op}: 'Column'`);
  }
  if (v instanceof Deferred) return new Deferred(v.what, async () => unaryOp(op, await v.resolve()));
  if (op === 'not') return !truthy(v);
  const i = asInt(v);
  if (i !== undefined) return op === '-' ? -i : op === '+' ? i : ~i;
  if (typeof v === 'number' && op !== '~') return op === '-' ? -v : v;
  throw new PyOpError(`bad operand type for unary ${op}: '${typeName(v)}'`);
}

/** Python's hash-based identity for `is` (None, bools and the same object). */
export function isSame(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a === 'object' || typeof b === 'object') return a === b;
  return hashKey(a) === hashKey(b) && typeof a === typeof b;
}

export function describe(v: unknown): string {
  return reprOf(v);
}

/** "x=%s, n=%05.2f" % (a, b): printf-style formatting of str. */
function percentFormat(fmt: string, arg: unknown): string {
  const args = arg instanceof PyTuple ? [...arg.items] : [arg];
  let i = 0;
  const out = fmt.replace(/%(\((\w+)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifrxXeEgG%])/g,
    (_m, _k, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      let v: unknown;
      if (key !== undefined) {
        if (!(arg instanceof PyDict)) throw new PyOpError('format requires a mapping');
        v = arg.get(key);
      } else {
        if (i >= args.length) throw new PyOpError('not enough arguments for format string');
        v = args[i++];
      }
      // %-formatting right-aligns everything unless '-' is given (format() left-aligns strings)
      const align = flags.includes('-') ? '<' : conv === 's' || conv === 'r' ? '>' : '';
      const spec = `${align}${flags.includes('+') ? '+' : ''}${flags.includes('0') && !align ? '0' : ''}${width ?? ''}${prec !== undefined ? '.' + prec : ''}`;
      if (conv === 's') return formatValueText(strOf(v), spec);
      if (conv === 'r') return formatValueText(reprOf(v), spec);
      const t = conv === 'i' ? 'd' : conv;
      return formatNumber(v, spec + t);
    });
  if (!(arg instanceof PyDict) && i < args.length) throw new PyOpError('not all arguments converted during string formatting');
  return out;
}
