// DataFrame, GroupedData, df.na and df.stat under PySpark's names and argument conventions, on the
// client's DataFrame API. Transformations return new plans; actions become steps (surface-session's
// action()); df.columns / df.schema / df.dtypes ask the server (AnalyzePlan) unless offline.
import { Column } from '../connect/column';
import { DataFrame, SortOptions } from '../connect/dataframe';
import { StructType } from '../connect/data-types';
import { GroupedData } from '../connect/grouped-data';
import type { ExplainMode } from '../connect/explain-mode';
import { DataFrameNaFunctions } from '../connect/na-functions';
import { DataFrameStatFunctions } from '../connect/stat-functions';
import { bind, bool, colOrName, flatList, int, listItems, num, optInt, optStr, str, strList, toColumn } from './args';
import { EvalContext, evalError, unsupported } from './context';
import { strOf, typeName } from './format';
import { PyOpError, truthy } from './operators';
import { literalExpr } from './py-literals';
import { action } from './surface-session';
import { collectRows } from './py-results';
import { PyWriter } from './surface-io';
import { CallArgs, Deferred, PyBuiltin, PyDict, PyList, PyTuple, sequenceItems } from './values';

type ColOrName = Column | string;

function cols(values: readonly unknown[], what: string): ColOrName[] {
  return flatList(values).map((v) => colOrName(v, what));
}

function dfArg(v: unknown, what: string): DataFrame {
  if (v instanceof DataFrame) return v;
  throw new PyOpError(`${what} should be a DataFrame, got ${typeName(v)}`);
}

/** PySpark's ascending=: a bool, an int, or a list of them. */
function sortOptions(v: unknown): SortOptions | undefined {
  if (v === undefined || v === null) return undefined;
  const items = listItems(v);
  return { ascending: items ? items.map((x) => truthy(x)) : truthy(v) };
}

function aggExprs(values: readonly unknown[]): Column[] | [Record<string, string>] {
  if (values.length === 1 && values[0] instanceof PyDict) {
    return [Object.fromEntries(values[0].pairs().map(([k, v]) => [str(k, 'agg column'), str(v, 'agg function')]))];
  }
  return flatList(values).map((v) => {
    if (!(v instanceof Column)) throw new PyOpError(`agg() takes Columns or a dict, got ${typeName(v)}`);
    return v;
  });
}

/** Names that are DataFrame attributes in PySpark; anything else after "df." is a column. */
const REFUSED: Record<string, string> = {
  rdd: 'the RDD API is not available through Spark Connect',
  toPandas: 'toPandas() needs pandas in a Python process; use show(), display() or collect()',
  pandas_api: 'the pandas API on Spark needs Python',
  foreach: 'foreach() runs a Python function on each row, which needs Python',
  foreachPartition: 'foreachPartition() runs Python code on the executors, which needs Python',
  mapInPandas: 'mapInPandas() runs Python code on the executors, which needs Python',
  mapInArrow: 'mapInArrow() runs Python code on the executors, which needs Python',
  toJSON: 'toJSON() returns an RDD, which Spark Connect does not have',
  writeStream: 'streaming writes are not supported by the PySpark runner',
  localCheckpoint: 'localCheckpoint() is not supported by the PySpark runner',
  checkpoint: 'checkpoint() is not supported by the PySpark runner',
  toArrow: 'toArrow() returns a pyarrow Table, which needs Python',
};

export function dataFrameAttribute(df: DataFrame, name: string, ctx: EvalContext, span: CallArgs['span']): unknown {
  const m = (f: (a: CallArgs) => unknown) => new PyBuiltin(name, f);
  const opts = (signal?: AbortSignal) => (signal ? { signal } : undefined);
  switch (name) {
    // ---- properties ----
    case 'columns': return schemaThen(df, ctx, span, 'df.columns', (s) => new PyList([...s.names]));
    case 'schema': return schemaThen(df, ctx, span, 'df.schema', (s) => s);
    case 'dtypes': return schemaThen(df, ctx, span, 'df.dtypes', (s) => new PyList(s.fields.map((f) => new PyTuple([f.name, f.dataType.simpleString()]))));
    case 'write': return new PyWriter(df);
    case 'na': return new NaView(df, ctx);
    case 'stat': return new StatView(df, ctx);
    case 'sparkSession': return df.session;
    case 'isStreaming': return action(ctx, { pos: [], kw: new Map(), span }, 'df.isStreaming', (s) => df.isStreaming(opts(s)));

    // ---- projections and filters ----
    case 'select': return m((a) => df.select(cols(a.pos, 'select')));
    case 'selectExpr': return m((a) => df.selectExpr(flatList(a.pos).map((x) => str(x, 'selectExpr'))));
    case 'filter': case 'where': return m((a) => {
      const c = bind(a, name, 'condition')['condition'];
      if (c instanceof Column || typeof c === 'string') return df.filter(c);
      throw new PyOpError(`${name}() condition should be a Column or a SQL string, got ${typeName(c)}`);
    });
    case 'withColumn': return m((a) => {
      const b = bind(a, 'withColumn', 'colName, col');
      if (!(b['col'] instanceof Column)) throw new PyOpError(`withColumn(): col should be a Column, got ${typeName(b['col'])} (use F.lit() for a value)`);
      return df.withColumn(str(b['colName'], 'colName'), b['col']);
    });
    case 'withColumns': return m((a) => {
      const b = bind(a, 'withColumns', '*colsMap');
      const d = (b['colsMap'] as unknown[])[0];
      if (!(d instanceof PyDict)) throw new PyOpError('withColumns() takes a dict of column name to Column');
      return df.withColumns(new Map(d.pairs().map(([k, v]) => [str(k, 'column name'), toColumnValue(v)])));
    });
    case 'withColumnRenamed': return m((a) => {
      const b = bind(a, 'withColumnRenamed', 'existing, new');
      return df.withColumnRenamed(str(b['existing'], 'existing'), str(b['new'], 'new'));
    });
    case 'withColumnsRenamed': return m((a) => {
      const d = bind(a, 'withColumnsRenamed', 'colsMap')['colsMap'];
      if (!(d instanceof PyDict)) throw new PyOpError('withColumnsRenamed() takes a dict');
      return df.withColumnsRenamed(new Map(d.pairs().map(([k, v]) => [str(k, 'name'), str(v, 'name')])));
    });
    case 'drop': return m((a) => df.drop(...a.pos.map((v) => colOrName(v, 'drop'))));
    case 'toDF': return m((a) => df.toDF(...flatList(a.pos).map((v) => str(v, 'toDF'))));
    case 'alias': return m((a) => df.alias(str(bind(a, 'alias', 'alias')['alias'], 'alias')));
    case 'colRegex': return m((a) => df.colRegex(str(bind(a, 'colRegex', 'colName')['colName'], 'colName')));
    case 'metadataColumn': return m((a) => df.metadataColumn(str(bind(a, 'metadataColumn', 'colName')['colName'], 'colName')));
    case 'to': return m((a) => {
      const s = bind(a, 'to', 'schema')['schema'];
      if (!(s instanceof StructType)) throw new PyOpError('to() takes a StructType');
      return df.to(s);
    });
    case 'hint': return m((a) => {
      const b = bind(a, 'hint', 'name, *parameters');
      const params = (b['parameters'] as unknown[]).map((p) => {
        if (p instanceof Column) return p;
        const items = sequenceItems(p);
        if (items) return items.map((x) => (typeof x === 'bigint' ? Number(x) : x)) as never;
        return (typeof p === 'bigint' ? Number(p) : p) as never;
      });
      return df.hint(str(b['name'], 'name'), ...params);
    });
    case 'transform': return m(async (a) => {
      const [f, ...rest] = a.pos;
      const out = await ctx.callValue(f, { pos: [df, ...rest], kw: a.kw, span: a.span });
      if (!(out instanceof DataFrame)) throw new PyOpError(`transform(): the function should return a DataFrame, got ${typeName(out)}`);
      return out;
    });

    // ---- aggregation ----
    case 'groupBy': case 'groupby': return m((a) => df.groupBy(cols(a.pos, name)));
    case 'rollup': return m((a) => df.rollup(cols(a.pos, name)));
    case 'cube': return m((a) => df.cube(cols(a.pos, name)));
    case 'groupingSets': return m((a) => {
      const b = bind(a, 'groupingSets', 'groupingSets, *cols');
      const sets = (sequenceItems(b['groupingSets']) ?? []).map((s) => cols(sequenceItems(s) ? [...sequenceItems(s)!] : [s], 'groupingSets'));
      return df.groupingSets(sets, ...cols(b['cols'] as unknown[], 'groupingSets'));
    });
    case 'agg': return m((a) => df.agg(...aggExprs(a.pos) as Column[]));

    // ---- ordering and limits ----
    case 'orderBy': case 'sort': case 'sortWithinPartitions': return m((a) => {
      const b = bind(a, name, '*cols, ascending=');
      const list: Array<ColOrName | SortOptions> = cols(b['cols'] as unknown[], name);
      const o = sortOptions(b['ascending']);
      if (o) list.push(o);
      return name === 'sortWithinPartitions' ? df.sortWithinPartitions(...list) : df.sort(...list);
    });
    case 'limit': return m((a) => df.limit(int(bind(a, 'limit', 'num')['num'], 'num')));
    case 'offset': return m((a) => df.offset(int(bind(a, 'offset', 'num')['num'], 'num')));
    case 'distinct': return m(() => df.distinct());
    case 'dropDuplicates': case 'drop_duplicates': return m((a) => {
      // subset= by keyword (a list), or names as positional arguments (Spark 4) or one list
      const b = bind(a, name, '*names, subset=');
      const subset = b['subset'] !== undefined && b['subset'] !== null ? strList(b['subset'], 'subset') : flatList(b['names'] as unknown[]);
      return df.dropDuplicates(subset.length === 0 ? undefined : subset.map((s) => str(s, 'subset')));
    });
    case 'dropDuplicatesWithinWatermark': return m((a) => {
      const subset = flatList(bind(a, name, '*subset')['subset'] as unknown[]);
      return df.dropDuplicatesWithinWatermark(subset.length === 0 ? undefined : subset.map((s) => str(s, 'subset')));
    });
    case 'sample': return m((a) => {
      const b = bind(a, 'sample', 'withReplacement=, fraction=, seed=');
      let wr = b['withReplacement'];
      let fraction = b['fraction'];
      let seed = b['seed'];
      if (typeof wr === 'number' || typeof wr === 'bigint') { seed = fraction; fraction = wr; wr = undefined; }
      if (fraction === undefined || fraction === null) throw new PyOpError('sample(): fraction is required');
      const seedNum = seed === undefined || seed === null ? undefined : num(seed, 'seed');
      return df.sample({ withReplacement: wr === undefined || wr === null ? false : bool(wr, 'withReplacement'), fraction: num(fraction, 'fraction'), ...(seedNum === undefined ? {} : { seed: seedNum }) });
    });
    case 'randomSplit': return m((a) => {
      const b = bind(a, 'randomSplit', 'weights, seed=');
      const weights = (sequenceItems(b['weights']) ?? []).map((w) => num(w, 'weights'));
      return new PyList(df.randomSplit(weights, b['seed'] === undefined || b['seed'] === null ? undefined : num(b['seed'], 'seed')));
    });
    case 'repartition': case 'repartitionByRange': return m((a) => {
      const b = bind(a, name, 'numPartitions=, *cols');
      const n = b['numPartitions'];
      const rest = cols(b['cols'] as unknown[], name);
      if (typeof n === 'bigint') return name === 'repartition' ? df.repartition(Number(n), ...rest) : df.repartitionByRange(Number(n), ...rest);
      const all = n === undefined ? rest : [colOrName(n, name), ...rest];
      return name === 'repartition' ? df.repartition(all[0]!, ...all.slice(1)) : df.repartitionByRange(all[0]!, ...all.slice(1));
    });
    case 'coalesce': return m((a) => df.coalesce(int(bind(a, 'coalesce', 'numPartitions')['numPartitions'], 'numPartitions')));

    // ---- joins and set operations ----
    case 'join': return m((a) => {
      const b = bind(a, 'join', 'other, on=, how=');
      const other = dfArg(b['other'], 'join(other)');
      const on = b['on'];
      let onArg: string | string[] | Column | Column[] | undefined;
      if (on === undefined || on === null) onArg = undefined;
      else if (typeof on === 'string' || on instanceof Column) onArg = on;
      else {
        const items = sequenceItems(on);
        if (!items) throw new PyOpError(`join(): on should be a str, a list or a Column, got ${typeName(on)}`);
        onArg = items.every((x) => typeof x === 'string') ? items as string[] : items.map((x) => toColumn(x, 'on'));
      }
      return df.join(other, onArg, optStr(b['how'], 'how'));
    });
    case 'crossJoin': return m((a) => df.crossJoin(dfArg(bind(a, 'crossJoin', 'other')['other'], 'crossJoin')));
    case 'union': case 'unionAll': case 'intersect': case 'intersectAll': case 'subtract': case 'exceptAll':
      return m((a) => (df[name] as (o: DataFrame) => DataFrame).call(df, dfArg(bind(a, name, 'other')['other'], name)));
    case 'unionByName': return m((a) => {
      const b = bind(a, 'unionByName', 'other, allowMissingColumns=');
      return df.unionByName(dfArg(b['other'], 'unionByName'), b['allowMissingColumns'] === undefined ? false : bool(b['allowMissingColumns'], 'allowMissingColumns'));
    });

    // ---- reshaping, statistics, nulls ----
    case 'unpivot': case 'melt': return m((a) => {
      const b = bind(a, name, 'ids, values, variableColumnName, valueColumnName');
      const list = (v: unknown) => (sequenceItems(v) ? cols([...sequenceItems(v)!], name) : colOrName(v, name));
      return df.unpivot(list(b['ids']), b['values'] === null ? null : list(b['values']), str(b['variableColumnName'], 'variableColumnName'), str(b['valueColumnName'], 'valueColumnName'));
    });
    case 'transpose': return m((a) => {
      const i = bind(a, 'transpose', 'indexColumn=')['indexColumn'];
      return df.transpose(i === undefined || i === null ? undefined : colOrName(i, 'indexColumn'));
    });
    case 'withWatermark': return m((a) => {
      const b = bind(a, 'withWatermark', 'eventTime, delayThreshold');
      return df.withWatermark(str(b['eventTime'], 'eventTime'), str(b['delayThreshold'], 'delayThreshold'));
    });
    case 'describe': return m((a) => df.describe(flatList(a.pos).map((x) => str(x, 'describe'))));
    case 'summary': return m((a) => df.summary(...flatList(a.pos).map((x) => str(x, 'summary'))));
    case 'fillna': return new NaView(df, ctx).attribute('fill');
    case 'dropna': return new NaView(df, ctx).attribute('drop');
    case 'replace': return new NaView(df, ctx).attribute('replace');
    case 'crosstab': case 'freqItems': case 'sampleBy': case 'cov': case 'corr': case 'approxQuantile':
      return new StatView(df, ctx).attribute(name);

    // ---- actions ----
    case 'show': return m((a) => {
      const b = bind(a, 'show', 'n=, truncate=, vertical=');
      const n = b['n'] === undefined || b['n'] === null ? 20 : int(b['n'], 'n');
      const t = b['truncate'];
      const truncate = t === undefined || t === null ? true : typeof t === 'boolean' ? t : int(t, 'truncate');
      const vertical = b['vertical'] === undefined ? false : bool(b['vertical'], 'vertical');
      ctx.addStep({ span: a.span, label: 'show()', emit: true, plan: df.relation, run: () => Promise.resolve({ kind: 'dataframe', df, how: 'show', span: a.span, show: { n, truncate, vertical } }) });
      return null;
    });
    case 'explain': return m((a) => {
      const b = bind(a, 'explain', 'extended=, mode=');
      const e = b['extended'];
      const mode: ExplainMode = b['mode'] !== undefined && b['mode'] !== null ? str(b['mode'], 'mode') as ExplainMode
        : typeof e === 'string' ? e as ExplainMode : e === true ? 'extended' : 'simple';
      if (!['simple', 'extended', 'codegen', 'cost', 'formatted'].includes(mode)) throw new PyOpError(`explain(): unknown mode '${mode}'`);
      ctx.addStep({ span: a.span, label: 'explain()', emit: true, plan: df.relation, run: () => Promise.resolve({ kind: 'explain', df, mode, span: a.span }) });
      return null;
    });
    case 'printSchema': return m((a) => {
      const level = optInt(bind(a, 'printSchema', 'level=')['level'], 'level');
      ctx.addStep({ span: a.span, label: 'printSchema()', emit: true, plan: df.relation, run: async (signal) => ({ kind: 'text', text: (await df.treeString(level, opts(signal))).replace(/\n$/, ''), span: a.span }) });
      return null;
    });
    case 'count': return m((a) => { bind(a, 'count', ''); return action(ctx, a, 'count()', async (s) => BigInt(await df.count(opts(s))), df); });
    case 'collect': return m((a) => { bind(a, 'collect', ''); return action(ctx, a, 'collect()', (s) => collectRows(df, opts(s)), df); });
    case 'first': return m((a) => { bind(a, 'first', ''); return action(ctx, a, 'first()', async (s) => (await collectRows(df.limit(1), opts(s)))[0] ?? null, df); });
    case 'head': return m((a) => {
      const n = optInt(bind(a, 'head', 'n=')['n'], 'n');
      return action(ctx, a, 'head()', async (s) => {
        const rows = await collectRows(df.limit(n ?? 1), opts(s));
        return n === undefined ? rows[0] ?? null : rows;
      }, df);
    });
    case 'take': return m((a) => { const n = int(bind(a, 'take', 'num')['num'], 'num'); return action(ctx, a, 'take()', (s) => collectRows(df.limit(n), opts(s)), df); });
    case 'tail': return m((a) => { const n = int(bind(a, 'tail', 'num')['num'], 'num'); return action(ctx, a, 'tail()', (s) => collectRows(df.derive({ tail: { input: df.relation, limit: n } }), opts(s)), df); });
    case 'isEmpty': return m((a) => action(ctx, a, 'isEmpty()', (s) => df.isEmpty(opts(s)), df));
    case 'isLocal': return m((a) => action(ctx, a, 'isLocal()', (s) => df.isLocal(opts(s))));
    case 'inputFiles': return m((a) => action(ctx, a, 'inputFiles()', (s) => df.inputFiles(opts(s))));
    case 'cache': case 'persist': return m((a) => {
      ctx.addStep({ span: a.span, label: `${name}()`, emit: false, run: async (s) => { await df.cache(opts(s)); return undefined; } });
      return df;
    });
    case 'unpersist': return m((a) => {
      const blocking = a.pos[0] === undefined ? false : truthy(a.pos[0]);
      ctx.addStep({ span: a.span, label: 'unpersist()', emit: false, run: async (s) => { await df.unpersist(blocking, opts(s)); return undefined; } });
      return df;
    });
    case 'createTempView': case 'createOrReplaceTempView': case 'createGlobalTempView': case 'createOrReplaceGlobalTempView':
      return m((a) => {
        const viewName = str(bind(a, name, 'name')['name'], 'name');
        ctx.addStep({ span: a.span, label: `${name}()`, emit: false, run: async (s) => {
          await (df[name] as (n: string, o?: { signal?: AbortSignal }) => Promise<void>).call(df, viewName, opts(s));
          return undefined;
        } });
        return null;
      });
    case 'printSchemaString': return undefined;
  }
  if (name in REFUSED) throw unsupported(span, `df.${name}`, REFUSED[name]!);
  if (name.startsWith('_')) return undefined;
  // df.colName, like PySpark's __getattr__
  return df.col(name);
}

function toColumnValue(v: unknown): Column {
  if (v instanceof Column) return v;
  throw new PyOpError(`expected a Column, got ${typeName(v)} (use F.lit() for a value)`);
}

/**
 * Awaits the schema (one AnalyzePlan per DataFrame) or refuses when offline. When the server cannot
 * answer yet and earlier steps have not run (the table or view they create does not exist yet), the
 * answer waits for the run phase: code that loops over it then runs there too.
 */
async function schemaThen(df: DataFrame, ctx: EvalContext, span: CallArgs['span'], what: string, f: (s: StructType) => unknown): Promise<unknown> {
  if (ctx.offline) throw evalError(span, what, `${what} needs the schema from the server, and this evaluation is offline`);
  try {
    return f(await df.schema());
  } catch (e) {
    if (!ctx.hasPendingSteps()) throw e;
    return new Deferred(what, async () => f(await df.schema()));
  }
}

export function groupedAttribute(g: GroupedData, name: string, ctx: EvalContext): unknown {
  const m = (f: (a: CallArgs) => unknown) => new PyBuiltin(name, f);
  switch (name) {
    case 'agg': return m((a) => g.agg(...aggExprs(a.pos) as Column[]));
    case 'count': return m(() => g.count());
    case 'sum': case 'avg': case 'mean': case 'min': case 'max': return m(async (a) => {
      const names = flatList(a.pos).map((x) => str(x, name));
      const f = g[name] as (...c: string[]) => DataFrame | Promise<DataFrame>;
      if (names.length === 0 && ctx.offline) throw new PyOpError(`${name}() with no columns needs the schema from the server, and this evaluation is offline`);
      return f.call(g, ...names);
    });
    case 'pivot': return m((a) => {
      const b = bind(a, 'pivot', 'pivot_col, values=');
      const values = b['values'] === undefined || b['values'] === null ? undefined : (sequenceItems(b['values']) ?? []).map(pivotValue);
      return g.pivot(str(b['pivot_col'], 'pivot_col'), values);
    });
    case 'applyInPandas': case 'apply': case 'applyInArrow': case 'applyInPandasWithState': case 'cogroup':
      return m((a) => { throw unsupported(a.span, name, `${name}() runs Python code on the executors, which needs Python`); });
    default: return undefined;
  }
}

function pivotValue(v: unknown): never {
  const e = literalExpr(v);
  if (!e.literal) throw new PyOpError('pivot values must be literals');
  return (typeof v === 'bigint' ? Number(v) : v) as never;
}

/** df.na */
export class NaView {
  constructor(private readonly df: DataFrame, private readonly ctx: EvalContext) {}
  attribute(name: string): unknown {
    const na = new DataFrameNaFunctions(this.df);
    void this.ctx;
    switch (name) {
      case 'fill': return new PyBuiltin('fillna', (a) => {
        const b = bind(a, 'fillna', 'value, subset=');
        const v = b['value'];
        const value = v instanceof PyDict ? Object.fromEntries(v.pairs().map(([k, x]) => [str(k, 'column'), fillValue(x)])) : fillValue(v);
        return na.fill(value as never, subsetOf(b['subset']));
      });
      case 'drop': return new PyBuiltin('dropna', (a) => {
        const b = bind(a, 'dropna', 'how=, thresh=, subset=');
        const how = optStr(b['how'], 'how') ?? 'any';
        if (how !== 'any' && how !== 'all') throw new PyOpError(`dropna(): how should be 'any' or 'all', got '${how}'`);
        return na.drop(how, optInt(b['thresh'], 'thresh'), subsetOf(b['subset']));
      });
      case 'replace': return new PyBuiltin('replace', (a) => {
        const b = bind(a, 'replace', 'to_replace, value=, subset=');
        const t = b['to_replace'];
        const conv = (x: unknown) => (typeof x === 'bigint' ? Number(x) : x) as never;
        const toReplace = t instanceof PyDict ? Object.fromEntries(t.pairs().map(([k, x]) => [strOf(k), conv(x)]))
          : sequenceItems(t) ? sequenceItems(t)!.map(conv) : conv(t);
        const value = b['value'] === undefined ? undefined : sequenceItems(b['value']) ? sequenceItems(b['value'])!.map(conv) : conv(b['value']);
        return na.replace(toReplace as never, value as never, subsetOf(b['subset']));
      });
      default: return undefined;
    }
  }
}

function fillValue(v: unknown): boolean | number | bigint | string {
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return v;
  throw new PyOpError(`fillna(): value should be a bool, int, float, str or dict, got ${typeName(v)}`);
}

function subsetOf(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  return strList(v, 'subset');
}

/** df.stat */
export class StatView {
  constructor(private readonly df: DataFrame, private readonly ctx: EvalContext) {}
  attribute(name: string): unknown {
    const stat = new DataFrameStatFunctions(this.df);
    const ctx = this.ctx;
    const opts = (s?: AbortSignal) => (s ? { signal: s } : undefined);
    switch (name) {
      case 'crosstab': return new PyBuiltin(name, (a) => { const b = bind(a, name, 'col1, col2'); return stat.crosstab(str(b['col1'], 'col1'), str(b['col2'], 'col2')); });
      case 'freqItems': return new PyBuiltin(name, (a) => {
        const b = bind(a, name, 'cols, support=');
        return stat.freqItems(strList(b['cols'], 'cols'), b['support'] === undefined || b['support'] === null ? undefined : num(b['support'], 'support'));
      });
      case 'sampleBy': return new PyBuiltin(name, (a) => {
        const b = bind(a, name, 'col, fractions, seed=');
        const f = b['fractions'];
        if (!(f instanceof PyDict)) throw new PyOpError('sampleBy(): fractions should be a dict');
        const fractions = new Map(f.pairs().map(([k, x]) => [(typeof k === 'bigint' ? Number(k) : k) as never, num(x, 'fraction')]));
        return stat.sampleBy(colOrName(b['col'], 'col'), fractions as never, b['seed'] === undefined || b['seed'] === null ? undefined : num(b['seed'], 'seed'));
      });
      case 'cov': return new PyBuiltin(name, (a) => { const b = bind(a, name, 'col1, col2'); return action(ctx, a, 'cov()', (s) => stat.cov(str(b['col1'], 'col1'), str(b['col2'], 'col2'), opts(s))); });
      case 'corr': return new PyBuiltin(name, (a) => {
        const b = bind(a, name, 'col1, col2, method=');
        return action(ctx, a, 'corr()', (s) => stat.corr(str(b['col1'], 'col1'), str(b['col2'], 'col2'), optStr(b['method'], 'method') ?? 'pearson', opts(s)));
      });
      case 'approxQuantile': return new PyBuiltin(name, (a) => {
        const b = bind(a, name, 'col, probabilities, relativeError');
        const probs = (sequenceItems(b['probabilities']) ?? []).map((p) => num(p, 'probabilities'));
        const err = num(b['relativeError'], 'relativeError');
        const c = b['col'];
        return action(ctx, a, 'approxQuantile()', (s) => (typeof c === 'string' ? stat.approxQuantile(c, probs, err, opts(s)) : stat.approxQuantile(strList(c, 'col'), probs, err, opts(s))));
      });
      default: return undefined;
    }
  }
}
