// Attribute lookup on every kind of value, and the modules the code may import. This is the one place
// that knows which Python object each value is; the per-kind attributes live in surface-*.ts.
import { Column } from '../connect/column';
import { DataFrame } from '../connect/dataframe';
import { DataType, StructField } from '../connect/data-types';
import { GroupedData } from '../connect/grouped-data';
import { Row } from '../connect/row';
import { SparkSession } from '../connect/session';
import { WindowSpec } from '../connect/window';
import { bind, int } from './args';
import { iterate } from './containers';
import { EvalContext, unsupported } from './context';
import { strOf, typeName } from './format';
import { PyOpError } from './operators';
import { PyDate, PyDateTime, PyDecimal } from './py-literals';
import type { SourceSpan } from './run-api';
import { columnAttribute, windowModule, windowSpecAttribute } from './surface-column';
import { NaView, StatView, dataFrameAttribute, groupedAttribute } from './surface-dataframe';
import { functionsModule } from './surface-functions';
import { PyReader, PyWriter } from './surface-io';
import { SessionBuilder, sessionAttribute } from './surface-session';
import { dataTypeAttribute, rowBuiltin, structFieldAttribute, typesModule } from './surface-types';
import { stringMethod, listMethod, dictMethod } from './py-methods';
import { CallArgs, Deferred, PyBuiltin, PyDict, PyList, PyModule, PySet } from './values';

interface HasAttribute { attribute(name: string, ctx: EvalContext): unknown }

function hasAttribute(v: unknown): v is HasAttribute {
  return v instanceof PyReader || v instanceof PyWriter || v instanceof NaView || v instanceof StatView
    || v instanceof SessionBuilder || (typeof v === 'object' && v !== null && 'attribute' in v && typeof (v as HasAttribute).attribute === 'function');
}

/** An attribute's value, or a promise of it (df.columns asks the server). */
export function getAttribute(obj: unknown, name: string, span: SourceSpan, ctx: EvalContext): unknown {
  const v = attributeOf(obj, name, span, ctx);
  if (v === undefined) {
    if (obj instanceof PyModule) throw new PyOpError(`module '${obj.name}' has no attribute '${name}'`);
    throw new PyOpError(`'${typeName(obj)}' object has no attribute '${name}'`);
  }
  return v;
}

function attributeOf(obj: unknown, name: string, span: SourceSpan, ctx: EvalContext): unknown {
  if (obj instanceof PyModule) return obj.get(name);
  if (obj instanceof DataFrame) return dataFrameAttribute(obj, name, ctx, span);
  if (obj instanceof Column) return columnAttribute(obj, name);
  if (obj instanceof SparkSession) return sessionAttribute(obj, name, ctx, span);
  if (obj instanceof GroupedData) return groupedAttribute(obj, name, ctx);
  if (obj instanceof WindowSpec) return windowSpecAttribute(obj, name);
  if (obj instanceof DataType) return dataTypeAttribute(obj, name);
  if (obj instanceof StructField) return structFieldAttribute(obj, name);
  if (obj instanceof Deferred) {
    return new Deferred(obj.what, async () => {
      const base = await obj.resolve();
      return getAttribute(base, name, span, ctx);
    });
  }
  if (obj instanceof Row) {
    if (name === 'asDict') return new PyBuiltin(name, () => PyDict.of(obj.fields.map((f, i) => [f, obj.values[i]])));
    if (obj.has(name)) return obj.get(name);
    return undefined;
  }
  if (typeof obj === 'string') return stringMethod(obj, name);
  if (obj instanceof PyList) return listMethod(obj, name);
  if (obj instanceof PyDict) return dictMethod(obj, name);
  if (obj instanceof PySet && name === 'add') return new PyBuiltin(name, (a) => { obj.add(a.pos[0]); return null; });
  if (obj instanceof PyDateTime) return dateTimeAttribute(obj, name);
  if (obj instanceof PyDate) return dateAttribute(obj, name);
  if (hasAttribute(obj)) return obj.attribute(name, ctx);
  return undefined;
}

function dateAttribute(d: PyDate, name: string): unknown {
  switch (name) {
    case 'year': return BigInt(d.year);
    case 'month': return BigInt(d.month);
    case 'day': return BigInt(d.day);
    case 'isoformat': return new PyBuiltin(name, () => d.iso());
    default: return undefined;
  }
}

function dateTimeAttribute(d: PyDateTime, name: string): unknown {
  switch (name) {
    case 'hour': return BigInt(d.hour);
    case 'minute': return BigInt(d.minute);
    case 'second': return BigInt(d.second);
    case 'date': return new PyBuiltin(name, () => d.date);
    case 'isoformat': return new PyBuiltin(name, () => d.iso().replace(' ', 'T'));
    default: return dateAttribute(d.date, name);
  }
}

// ---- modules ----

function mod(name: string, entries: Array<[string, unknown]>, fallback?: (n: string) => unknown): PyModule {
  return new PyModule(name, new Map(entries), fallback);
}

const sessionClass = (ctx: EvalContext) => mod('SparkSession', [
  ['builder', new SessionBuilder(ctx.session as SparkSession, ctx)],
  ['getActiveSession', new PyBuiltin('getActiveSession', () => ctx.session)],
  ['active', new PyBuiltin('active', () => ctx.session)],
]);

const datetimeModule = (() => {
  const date = new PyBuiltin('date', (a) => {
    const b = bind(a, 'date', 'year, month, day');
    return new PyDate(int(b['year'], 'year'), int(b['month'], 'month'), int(b['day'], 'day'));
  });
  const datetime = new PyBuiltin('datetime', (a) => {
    const b = bind(a, 'datetime', 'year, month, day, hour=, minute=, second=, microsecond=, tzinfo=');
    if (b['tzinfo'] !== undefined && b['tzinfo'] !== null) throw new PyOpError('datetime with tzinfo is not supported');
    const o = (k: string) => (b[k] === undefined ? 0 : int(b[k], k));
    return new PyDateTime(new PyDate(int(b['year'], 'year'), int(b['month'], 'month'), int(b['day'], 'day')), o('hour'), o('minute'), o('second'), o('microsecond'));
  });
  return mod('datetime', [['date', date], ['datetime', datetime]]);
})();

const decimalModule = mod('decimal', [['Decimal', new PyBuiltin('Decimal', (a) => new PyDecimal(strOf(a.pos[0] ?? '0')))]]);

// typing names are annotations only; they evaluate to None
const typingModule = mod('typing', [], () => null);

function functoolsModule(ctx: EvalContext): PyModule {
  return mod('functools', [['reduce', new PyBuiltin('reduce', async (a: CallArgs) => {
    const [f, seq, ...init] = a.pos;
    const items = iterate(seq);
    let acc: unknown;
    let start = 0;
    if (init.length > 0) acc = init[0];
    else {
      if (items.length === 0) throw new PyOpError('reduce() of empty iterable with no initial value');
      acc = items[0];
      start = 1;
    }
    for (let i = start; i < items.length; i++) acc = await ctx.callValue(f, { pos: [acc, items[i]], kw: new Map(), span: a.span });
    return acc;
  })]]);
}

const moduleCache = new WeakMap<EvalContext, Map<string, PyModule>>();

function modules(ctx: EvalContext): Map<string, PyModule> {
  let m = moduleCache.get(ctx);
  if (m) return m;
  const F = functionsModule(ctx);
  const SparkSessionClass = sessionClass(ctx);
  const sql = mod('pyspark.sql', [
    ['SparkSession', SparkSessionClass], ['functions', F], ['types', typesModule], ['Window', windowModule],
    ['Row', rowBuiltin], ['DataFrame', new PyBuiltin('DataFrame', () => null)], ['Column', new PyBuiltin('Column', () => null)],
    ['WindowSpec', new PyBuiltin('WindowSpec', () => null)], ['GroupedData', new PyBuiltin('GroupedData', () => null)],
  ]);
  m = new Map<string, PyModule>([
    ['pyspark', mod('pyspark', [['sql', sql]])],
    ['pyspark.sql', sql],
    ['pyspark.sql.functions', F],
    ['pyspark.sql.connect.functions', F],
    ['pyspark.sql.types', typesModule],
    ['pyspark.sql.connect.types', typesModule],
    ['pyspark.sql.window', mod('pyspark.sql.window', [['Window', windowModule], ['WindowSpec', new PyBuiltin('WindowSpec', () => null)]])],
    ['pyspark.sql.session', mod('pyspark.sql.session', [['SparkSession', SparkSessionClass]])],
    ['pyspark.sql.connect.session', mod('pyspark.sql.connect.session', [['SparkSession', SparkSessionClass]])],
    ['pyspark.sql.column', mod('pyspark.sql.column', [['Column', new PyBuiltin('Column', () => null)]])],
    ['pyspark.sql.dataframe', mod('pyspark.sql.dataframe', [['DataFrame', new PyBuiltin('DataFrame', () => null)]])],
    ['datetime', datetimeModule],
    ['decimal', decimalModule],
    ['typing', typingModule],
    ['functools', functoolsModule(ctx)],
  ]);
  // "import pyspark.sql.functions as F" reaches F through pyspark.sql.functions
  moduleCache.set(ctx, m);
  return m;
}

export function importModule(name: string, ctx: EvalContext): PyModule | undefined {
  return modules(ctx).get(name);
}

/** `from module import name`: the value, or undefined when the module or name is unknown. */
export function importFrom(moduleName: string, name: string, ctx: EvalContext, span: SourceSpan): unknown {
  const m = importModule(moduleName, ctx);
  if (!m) return undefined;
  if (moduleName === 'pyspark.sql.functions' && (name === 'udf' || name === 'pandas_udf' || name === 'udtf')) {
    // importing is fine; using it is refused where it is used
    return m.get(name);
  }
  const v = m.get(name);
  if (v === undefined && moduleName.startsWith('pyspark')) {
    return unsupported(span, `from ${moduleName} import ${name}`, `'${name}' from '${moduleName}' is not supported by the PySpark runner`);
  }
  return v;
}

