// DataFrame: an immutable Connect plan plus the session that runs it, with PySpark's method names.
// Transformations build a new Relation (each with a fresh plan id, as PySpark numbers them) and run
// nothing; actions (collect, count, show, schema, ...) are async and live in dataframe-actions.ts.
//
// PySpark shapes kept: varargs or one array (select("a", "b") / select(["a", "b"])), column-or-name
// arguments, SQL strings where PySpark takes them (filter("x > 1"), selectExpr). Python keyword
// arguments become a trailing options object (orderBy("a", { ascending: false })). PySpark properties
// that ask the server (schema, columns, dtypes, isStreaming) are async methods here: await df.schema().
import { RecordBatch, Table } from 'apache-arrow';
import { spark } from './generated/spark-connect';
import {
  Column, ColumnOrLiteral, ColumnOrName, colByName, flattenArgs, toCol, toExpr, toSortOrder,
} from './column';
import { StructType } from './data-types';
import { dataTypeToProto } from './data-type-proto';
import { literalOf, LiteralValue } from './literals';
import { newRelation, planIdOf } from './plan-ids';
import { ActionOptions, ExecutionLike, SessionCore, type ArrowBatchOptions } from './session-core';
import { GroupedData } from './grouped-data';
import { DataFrameNaFunctions } from './na-functions';
import { DataFrameStatFunctions } from './stat-functions';
import type { IpcBatch } from './arrow-result';
import * as actions from './dataframe-actions';
import { Row } from './row';
import type { ExplainMode } from './explain-mode';

type Relation = spark.connect.IRelation;
type Cols = Array<ColumnOrName | ColumnOrName[]>;

/** Every join type name PySpark accepts, with its aliases (case and underscores are ignored). */
export type JoinType =
  | 'inner' | 'cross' | 'outer' | 'full' | 'fullouter' | 'full_outer'
  | 'left' | 'leftouter' | 'left_outer' | 'right' | 'rightouter' | 'right_outer'
  | 'semi' | 'leftsemi' | 'left_semi' | 'anti' | 'leftanti' | 'left_anti';

export interface SortOptions {
  /** One flag for all columns, or one per column (PySpark's ascending=). */
  ascending: boolean | boolean[];
}


const JT = spark.connect.Join.JoinType;
const JOIN_TYPES: Record<string, spark.connect.Join.JoinType> = {
  inner: JT.JOIN_TYPE_INNER,
  outer: JT.JOIN_TYPE_FULL_OUTER, full: JT.JOIN_TYPE_FULL_OUTER, fullouter: JT.JOIN_TYPE_FULL_OUTER,
  left: JT.JOIN_TYPE_LEFT_OUTER, leftouter: JT.JOIN_TYPE_LEFT_OUTER,
  right: JT.JOIN_TYPE_RIGHT_OUTER, rightouter: JT.JOIN_TYPE_RIGHT_OUTER,
  semi: JT.JOIN_TYPE_LEFT_SEMI, leftsemi: JT.JOIN_TYPE_LEFT_SEMI,
  anti: JT.JOIN_TYPE_LEFT_ANTI, leftanti: JT.JOIN_TYPE_LEFT_ANTI,
  cross: JT.JOIN_TYPE_CROSS,
};

const SET_OP = spark.connect.SetOperation.SetOpType;

export class DataFrame {
  /** @internal cached by schema(); a DataFrame's plan never changes. */
  schemaPromise?: Promise<StructType>;

  constructor(readonly session: SessionCore, readonly relation: Relation) {}

  /** The id this DataFrame's root relation carries; df.col() references are tied to it. */
  get planId(): number {
    return planIdOf(this.relation);
  }

  get sparkSession(): SessionCore {
    return this.session;
  }

  /** The Connect plan that runs this DataFrame. */
  toPlan(): spark.connect.IPlan {
    return { root: this.relation };
  }

  /** A new DataFrame over a new relation (with a fresh plan id) in the same session. */
  derive(body: Omit<Relation, 'common'>): DataFrame {
    return new DataFrame(this.session, newRelation(body));
  }

  // ---- Columns of this DataFrame (PySpark's df["name"] / df.name) ----

  /** This DataFrame's column `name`, bound to its plan id; "*" is all of its columns. */
  col(name: string): Column {
    return colByName(name, this.planId);
  }

  /** A hidden metadata column (e.g. "_metadata") of this DataFrame's source. */
  metadataColumn(name: string): Column {
    return new Column({ unresolvedAttribute: { unparsedIdentifier: name, planId: this.planId, isMetadataColumn: true } });
  }

  /** Columns whose names match a regex given in backticks, e.g. colRegex("`(id)?+.+`"). */
  colRegex(colName: string): Column {
    return new Column({ unresolvedRegex: { colName, planId: this.planId } });
  }

  // ---- Projection and filtering ----

  select(...cols: Cols): DataFrame {
    return this.derive({ project: { input: this.relation, expressions: flattenArgs(cols).map((c) => toCol(c).expr) } });
  }

  selectExpr(...exprs: Array<string | string[]>): DataFrame {
    const list = flattenArgs(exprs);
    return this.derive({ project: { input: this.relation, expressions: list.map((e) => ({ expressionString: { expression: e } })) } });
  }

  /** Rows for which the condition holds; the condition is a Column or a SQL expression string. */
  filter(condition: Column | string): DataFrame {
    const expr = typeof condition === 'string' ? { expressionString: { expression: condition } } : condition.expr;
    return this.derive({ filter: { input: this.relation, condition: expr } });
  }

  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }

  withColumn(colName: string, col: Column): DataFrame {
    return this.withColumns({ [colName]: col });
  }

  withColumns(colsMap: Record<string, Column> | Map<string, Column>): DataFrame {
    const entries = colsMap instanceof Map ? [...colsMap] : Object.entries(colsMap);
    return this.derive({
      withColumns: { input: this.relation, aliases: entries.map(([name, c]) => ({ expr: c.expr, name: [name] })) },
    });
  }

  withColumnRenamed(existing: string, newName: string): DataFrame {
    return this.withColumnsRenamed({ [existing]: newName });
  }

  withColumnsRenamed(colsMap: Record<string, string> | Map<string, string>): DataFrame {
    const entries = colsMap instanceof Map ? [...colsMap] : Object.entries(colsMap);
    // Spark 4 reads the ordered `renames`; Spark 3.5 only knows the map, so both are sent.
    return this.derive({
      withColumnsRenamed: {
        input: this.relation,
        renames: entries.map(([colName, newColName]) => ({ colName, newColName })),
        renameColumnsMap: Object.fromEntries(entries),
      },
    });
  }

  withMetadata(columnName: string, metadata: Record<string, unknown>): DataFrame {
    return this.derive({
      withColumns: {
        input: this.relation,
        aliases: [{ expr: this.col(columnName).expr, name: [columnName], metadata: JSON.stringify(metadata) }],
      },
    });
  }

  /** Drops columns by name (missing names are ignored) or by Column. */
  drop(...cols: ColumnOrName[]): DataFrame {
    const columns: spark.connect.IExpression[] = [];
    const columnNames: string[] = [];
    for (const c of cols) {
      if (typeof c === 'string') columnNames.push(c);
      else columns.push(c.expr);
    }
    return this.derive({ drop: { input: this.relation, columns, columnNames } });
  }

  toDF(...cols: string[]): DataFrame {
    return this.derive({ toDf: { input: this.relation, columnNames: cols } });
  }

  /** Reconciles this DataFrame to a schema (reorders, casts, projects away extra columns). */
  to(schema: StructType): DataFrame {
    const df = this.derive({ toSchema: { input: this.relation, schema: dataTypeToProto(schema) } });
    df.schemaPromise = Promise.resolve(schema);
    return df;
  }

  alias(alias: string): DataFrame {
    return this.derive({ subqueryAlias: { input: this.relation, alias } });
  }

  hint(name: string, ...parameters: Array<ColumnOrLiteral | LiteralValue[]>): DataFrame {
    const params = parameters.length === 1 && Array.isArray(parameters[0]) ? parameters[0] : parameters;
    const exprs = params.map((p) => (Array.isArray(p) ? arrayCall(p) : toExpr(p as ColumnOrLiteral)));
    return this.derive({ hint: { input: this.relation, name, parameters: exprs } });
  }

  transform<A extends unknown[]>(func: (df: DataFrame, ...args: A) => DataFrame, ...args: A): DataFrame {
    return func(this, ...args);
  }

  // ---- Aggregation ----

  groupBy(...cols: Cols): GroupedData {
    return new GroupedData(this, 'groupby', flattenArgs(cols).map(toCol));
  }

  groupby(...cols: Cols): GroupedData {
    return this.groupBy(...cols);
  }

  rollup(...cols: Cols): GroupedData {
    return new GroupedData(this, 'rollup', flattenArgs(cols).map(toCol));
  }

  cube(...cols: Cols): GroupedData {
    return new GroupedData(this, 'cube', flattenArgs(cols).map(toCol));
  }

  groupingSets(groupingSets: ColumnOrName[][], ...cols: ColumnOrName[]): GroupedData {
    return new GroupedData(this, 'grouping_sets', cols.map(toCol), groupingSets.map((s) => s.map(toCol)));
  }

  /** Aggregates over the whole DataFrame: agg(F.max("a"), ...) or agg({ a: "max" }). */
  agg(...exprs: Column[] | [Record<string, string>]): DataFrame {
    return this.groupBy().agg(...exprs);
  }

  // ---- Ordering, limits, de-duplication ----

  sort(...cols: Array<ColumnOrName | ColumnOrName[] | SortOptions>): DataFrame {
    return this.derive({ sort: { input: this.relation, order: sortOrders(cols), isGlobal: true } });
  }

  orderBy(...cols: Array<ColumnOrName | ColumnOrName[] | SortOptions>): DataFrame {
    return this.sort(...cols);
  }

  sortWithinPartitions(...cols: Array<ColumnOrName | ColumnOrName[] | SortOptions>): DataFrame {
    return this.derive({ sort: { input: this.relation, order: sortOrders(cols), isGlobal: false } });
  }

  limit(num: number): DataFrame {
    return this.derive({ limit: { input: this.relation, limit: num } });
  }

  offset(num: number): DataFrame {
    return this.derive({ offset: { input: this.relation, offset: num } });
  }

  distinct(): DataFrame {
    return this.derive({ deduplicate: { input: this.relation, allColumnsAsKeys: true } });
  }

  dropDuplicates(subset?: string[]): DataFrame {
    const dedup: spark.connect.IDeduplicate = subset === undefined
      ? { input: this.relation, allColumnsAsKeys: true }
      : { input: this.relation, columnNames: subset };
    return this.derive({ deduplicate: dedup });
  }

  drop_duplicates(subset?: string[]): DataFrame {
    return this.dropDuplicates(subset);
  }

  dropDuplicatesWithinWatermark(subset?: string[]): DataFrame {
    const dedup: spark.connect.IDeduplicate = subset === undefined
      ? { input: this.relation, allColumnsAsKeys: true, withinWatermark: true }
      : { input: this.relation, columnNames: subset, withinWatermark: true };
    return this.derive({ deduplicate: dedup });
  }

  /**
   * PySpark's sample: sample(fraction, seed?), sample(withReplacement, fraction, seed?), or
   * sample({ withReplacement, fraction, seed }).
   */
  sample(
    a: number | boolean | { withReplacement?: boolean; fraction: number; seed?: number },
    b?: number, c?: number,
  ): DataFrame {
    let withReplacement = false;
    let fraction: number;
    let seed: number | undefined;
    if (typeof a === 'object') ({ withReplacement = false, fraction, seed } = a);
    else if (typeof a === 'boolean') {
      if (b === undefined) throw new TypeError('sample(withReplacement, fraction, seed?): fraction is required');
      withReplacement = a; fraction = b; seed = c;
    } else {
      fraction = a; seed = b;
    }
    return this.derive({
      sample: {
        input: this.relation, lowerBound: 0, upperBound: fraction, withReplacement, seed: seed ?? randomSeed(),
      },
    });
  }

  /** Splits rows randomly by relative weights; the same seed gives the same split. */
  randomSplit(weights: number[], seed?: number): DataFrame[] {
    if (weights.some((w) => w < 0)) throw new RangeError('randomSplit: weights must be non-negative');
    const total = weights.reduce((x, y) => x + y, 0);
    if (total <= 0) throw new RangeError('randomSplit: the sum of weights must be positive');
    const s = seed ?? randomSeed();
    const bounds = [0];
    for (const w of weights) bounds.push(bounds[bounds.length - 1]! + w / total);
    return weights.map((_, i) => this.derive({
      sample: {
        input: this.relation, lowerBound: bounds[i], upperBound: bounds[i + 1],
        withReplacement: false, seed: s, deterministicOrder: true,
      },
    }));
  }

  repartition(numPartitions: number | ColumnOrName, ...cols: ColumnOrName[]): DataFrame {
    if (typeof numPartitions === 'number') {
      if (cols.length === 0) {
        return this.derive({ repartition: { input: this.relation, numPartitions, shuffle: true } });
      }
      return this.derive({
        repartitionByExpression: { input: this.relation, numPartitions, partitionExprs: cols.map((c) => toCol(c).expr) },
      });
    }
    return this.derive({
      repartitionByExpression: { input: this.relation, partitionExprs: [numPartitions, ...cols].map((c) => toCol(c).expr) },
    });
  }

  repartitionByRange(numPartitions: number | ColumnOrName, ...cols: ColumnOrName[]): DataFrame {
    const all = typeof numPartitions === 'number' ? cols : [numPartitions, ...cols];
    if (all.length === 0) throw new TypeError('repartitionByRange: at least one column is required');
    const exprs = all.map((c) => ({ sortOrder: toSortOrder(c) }));
    const body: spark.connect.IRepartitionByExpression = { input: this.relation, partitionExprs: exprs };
    if (typeof numPartitions === 'number') body.numPartitions = numPartitions;
    return this.derive({ repartitionByExpression: body });
  }

  coalesce(numPartitions: number): DataFrame {
    return this.derive({ repartition: { input: this.relation, numPartitions, shuffle: false } });
  }

  // ---- Joins and set operations ----

  /**
   * Joins with `other`. `on` is a column name, a list of names (an equi-join that keeps one copy of
   * each), a Column condition, or a list of conditions (ANDed). `how` is any PySpark join type name.
   */
  join(other: DataFrame, on?: string | string[] | Column | Column[], how?: JoinType | string): DataFrame {
    const join: spark.connect.IJoin = { left: this.relation, right: other.relation, joinType: joinTypeOf(how) };
    if (typeof on === 'string') join.usingColumns = [on];
    else if (on instanceof Column) join.joinCondition = on.expr;
    else if (Array.isArray(on) && on.length > 0) {
      if (on.every((c): c is string => typeof c === 'string')) join.usingColumns = on;
      else join.joinCondition = (on as Column[]).reduce((acc, c) => acc.and(c)).expr;
    }
    return this.derive({ join });
  }

  crossJoin(other: DataFrame): DataFrame {
    return this.derive({ join: { left: this.relation, right: other.relation, joinType: JT.JOIN_TYPE_CROSS } });
  }

  /** UNION ALL by position (PySpark's union keeps duplicates too). */
  union(other: DataFrame): DataFrame {
    return this.setOp(other, SET_OP.SET_OP_TYPE_UNION, true);
  }

  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }

  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    return this.setOp(other, SET_OP.SET_OP_TYPE_UNION, true, true, allowMissingColumns);
  }

  intersect(other: DataFrame): DataFrame {
    return this.setOp(other, SET_OP.SET_OP_TYPE_INTERSECT, false);
  }

  intersectAll(other: DataFrame): DataFrame {
    return this.setOp(other, SET_OP.SET_OP_TYPE_INTERSECT, true);
  }

  subtract(other: DataFrame): DataFrame {
    return this.setOp(other, SET_OP.SET_OP_TYPE_EXCEPT, false);
  }

  exceptAll(other: DataFrame): DataFrame {
    return this.setOp(other, SET_OP.SET_OP_TYPE_EXCEPT, true);
  }

  private setOp(other: DataFrame, type: spark.connect.SetOperation.SetOpType, isAll: boolean,
    byName = false, allowMissingColumns = false): DataFrame {
    return this.derive({
      setOp: { leftInput: this.relation, rightInput: other.relation, setOpType: type, isAll, byName, allowMissingColumns },
    });
  }

  // ---- Reshaping ----

  unpivot(ids: ColumnOrName | ColumnOrName[], values: ColumnOrName | ColumnOrName[] | null | undefined,
    variableColumnName: string, valueColumnName: string): DataFrame {
    const list = (x: ColumnOrName | ColumnOrName[]) => (Array.isArray(x) ? x : [x]).map((c) => toCol(c).expr);
    const unpivot: spark.connect.IUnpivot = { input: this.relation, ids: list(ids), variableColumnName, valueColumnName };
    if (values !== null && values !== undefined) unpivot.values = { values: list(values) };
    return this.derive({ unpivot });
  }

  melt(ids: ColumnOrName | ColumnOrName[], values: ColumnOrName | ColumnOrName[] | null | undefined,
    variableColumnName: string, valueColumnName: string): DataFrame {
    return this.unpivot(ids, values, variableColumnName, valueColumnName);
  }

  /** Spark 4.0+: columns become rows and rows columns, keyed by indexColumn (default: the first column). */
  transpose(indexColumn?: ColumnOrName): DataFrame {
    return this.derive({ transpose: { input: this.relation, indexColumns: indexColumn === undefined ? [] : [toCol(indexColumn).expr] } });
  }

  withWatermark(eventTime: string, delayThreshold: string): DataFrame {
    return this.derive({ withWatermark: { input: this.relation, eventTime, delayThreshold } });
  }

  // ---- Statistics and null handling ----

  describe(...cols: Array<string | string[]>): DataFrame {
    return this.derive({ describe: { input: this.relation, cols: flattenArgs(cols) } });
  }

  summary(...statistics: string[]): DataFrame {
    return this.derive({ summary: { input: this.relation, statistics } });
  }

  get na(): DataFrameNaFunctions {
    return new DataFrameNaFunctions(this);
  }

  get stat(): DataFrameStatFunctions {
    return new DataFrameStatFunctions(this);
  }

  fillna(value: Parameters<DataFrameNaFunctions['fill']>[0], subset?: string | string[]): DataFrame {
    return this.na.fill(value, subset);
  }

  dropna(how: 'any' | 'all' = 'any', thresh?: number, subset?: string | string[]): DataFrame {
    return this.na.drop(how, thresh, subset);
  }

  replace(toReplace: Parameters<DataFrameNaFunctions['replace']>[0], value?: Parameters<DataFrameNaFunctions['replace']>[1],
    subset?: string | string[]): DataFrame {
    return this.na.replace(toReplace, value, subset);
  }

  // PySpark also offers the df.stat methods on the DataFrame itself.
  cov(col1: string, col2: string, opts?: ActionOptions): Promise<number> { return this.stat.cov(col1, col2, opts); }
  corr(col1: string, col2: string, method = 'pearson', opts?: ActionOptions): Promise<number> {
    return this.stat.corr(col1, col2, method, opts);
  }
  approxQuantile(col: string, probabilities: number[], relativeError: number, opts?: ActionOptions): Promise<number[]>;
  approxQuantile(col: string[], probabilities: number[], relativeError: number, opts?: ActionOptions): Promise<number[][]>;
  approxQuantile(col: string | string[], probabilities: number[], relativeError: number,
    opts?: ActionOptions): Promise<number[] | number[][]> {
    return typeof col === 'string'
      ? this.stat.approxQuantile(col, probabilities, relativeError, opts)
      : this.stat.approxQuantile(col, probabilities, relativeError, opts);
  }
  crosstab(col1: string, col2: string): DataFrame { return this.stat.crosstab(col1, col2); }
  freqItems(cols: string[], support?: number): DataFrame { return this.stat.freqItems(cols, support); }
  sampleBy(col: ColumnOrName, fractions: Parameters<DataFrameStatFunctions['sampleBy']>[1], seed?: number): DataFrame {
    return this.stat.sampleBy(col, fractions, seed);
  }

  // ---- Actions (async; see dataframe-actions.ts) ----

  /** Starts the execution and hands back its raw event stream (progress, metrics, Arrow batches). */
  stream(opts?: ActionOptions): ExecutionLike {
    return this.session.execute(this.toPlan(), opts);
  }

  collect(opts?: ActionOptions): Promise<Row[]> { return actions.collect(this, opts); }
  toArrow(opts?: ActionOptions): Promise<Table> { return actions.toArrow(this, opts); }
  /** Arrow record batches as they arrive (with reuseMemory, each valid only until the next is asked for). */
  toArrowBatches(opts?: ArrowBatchOptions): AsyncGenerator<RecordBatch> { return actions.arrowBatches(this, opts); }
  /** Each batch's Arrow IPC bytes exactly as the server sent them (for a webview to decode). */
  toArrowIpcBatches(opts?: ActionOptions): AsyncGenerator<IpcBatch> { return actions.ipcBatches(this, opts); }
  /** Rows as they arrive, batch by batch. */
  toLocalIterator(opts?: ActionOptions): AsyncGenerator<Row> { return actions.localIterator(this, opts); }
  count(opts?: ActionOptions): Promise<number> { return actions.count(this, opts); }
  first(opts?: ActionOptions): Promise<Row | null> { return this.head(opts); }
  head(opts?: ActionOptions): Promise<Row | null>;
  head(n: number, opts?: ActionOptions): Promise<Row[]>;
  head(n?: number | ActionOptions, opts?: ActionOptions): Promise<Row | null | Row[]> {
    if (typeof n === 'number') return this.take(n, opts);
    return this.take(1, n).then((rows) => rows[0] ?? null);
  }
  take(num: number, opts?: ActionOptions): Promise<Row[]> { return this.limit(num).collect(opts); }
  tail(num: number, opts?: ActionOptions): Promise<Row[]> {
    return this.derive({ tail: { input: this.relation, limit: num } }).collect(opts);
  }
  isEmpty(opts?: ActionOptions): Promise<boolean> {
    return this.select().take(1, opts).then((rows) => rows.length === 0);
  }
  /** The text df.show() prints, computed by the server (ShowString). truncate: true = 20 chars, false = none. */
  showString(n = 20, truncate: boolean | number = true, vertical = false, opts?: ActionOptions): Promise<string> {
    return actions.showString(this, n, truncate, vertical, opts);
  }
  /** Like PySpark's show(): writes the table to `writer` (or the session's output) and returns it. */
  show(n = 20, truncate: boolean | number = true, vertical = false,
    writer?: (text: string) => void, opts?: ActionOptions): Promise<string> {
    return actions.show(this, n, truncate, vertical, writer, opts);
  }
  schema(opts?: ActionOptions): Promise<StructType> { return actions.schema(this, opts); }
  columns(opts?: ActionOptions): Promise<string[]> { return this.schema(opts).then((s) => s.names); }
  dtypes(opts?: ActionOptions): Promise<Array<[string, string]>> {
    return this.schema(opts).then((s) => s.fields.map((f): [string, string] => [f.name, f.dataType.simpleString()]));
  }
  /** The plan as Spark explains it; explain(true) is "extended", explain("formatted") a mode. */
  explain(extended?: boolean | ExplainMode, mode?: ExplainMode, opts?: ActionOptions): Promise<string> {
    return actions.explain(this, extended, mode, opts);
  }
  /** The schema tree printSchema() shows, from the server (TreeString). */
  treeString(level?: number, opts?: ActionOptions): Promise<string> { return actions.treeString(this, level, opts); }
  printSchema(level?: number, writer?: (text: string) => void, opts?: ActionOptions): Promise<string> {
    return actions.printSchema(this, level, writer, opts);
  }
  isLocal(opts?: ActionOptions): Promise<boolean> { return actions.isLocal(this, opts); }
  isStreaming(opts?: ActionOptions): Promise<boolean> { return actions.isStreaming(this, opts); }
  inputFiles(opts?: ActionOptions): Promise<string[]> { return actions.inputFiles(this, opts); }
  sameSemantics(other: DataFrame, opts?: ActionOptions): Promise<boolean> { return actions.sameSemantics(this, other, opts); }
  semanticHash(opts?: ActionOptions): Promise<number> { return actions.semanticHash(this, opts); }
  createTempView(name: string, opts?: ActionOptions): Promise<void> { return actions.createView(this, name, false, false, opts); }
  createOrReplaceTempView(name: string, opts?: ActionOptions): Promise<void> { return actions.createView(this, name, false, true, opts); }
  createGlobalTempView(name: string, opts?: ActionOptions): Promise<void> { return actions.createView(this, name, true, false, opts); }
  createOrReplaceGlobalTempView(name: string, opts?: ActionOptions): Promise<void> { return actions.createView(this, name, true, true, opts); }
  /** Persists with the server's default storage level (PySpark's cache()). */
  cache(opts?: ActionOptions): Promise<DataFrame> { return actions.persist(this, opts).then(() => this); }
  persist(opts?: ActionOptions): Promise<DataFrame> { return this.cache(opts); }
  unpersist(blocking = false, opts?: ActionOptions): Promise<DataFrame> {
    return actions.unpersist(this, blocking, opts).then(() => this);
  }
}

function joinTypeOf(how: string | undefined): spark.connect.Join.JoinType {
  if (how === undefined || how === null) return JT.JOIN_TYPE_INNER;
  const t = JOIN_TYPES[how.toLowerCase().replace(/_/g, '')];
  if (t === undefined) {
    throw new TypeError(`Unsupported join type '${how}'. Supported: inner, cross, outer, full, fullouter, full_outer, `
      + 'left, leftouter, left_outer, right, rightouter, right_outer, semi, leftsemi, left_semi, anti, leftanti, left_anti');
  }
  return t;
}

function isSortOptions(x: unknown): x is SortOptions {
  return typeof x === 'object' && x !== null && !(x instanceof Column) && !Array.isArray(x) && 'ascending' in x;
}

function sortOrders(args: Array<ColumnOrName | ColumnOrName[] | SortOptions>): spark.connect.Expression.ISortOrder[] {
  const last = args[args.length - 1];
  const options = isSortOptions(last) ? last : undefined;
  const cols = flattenArgs((options ? args.slice(0, -1) : args) as Array<ColumnOrName | ColumnOrName[]>);
  if (cols.length === 0) throw new TypeError('sort/orderBy: at least one column is required');
  let columns = cols.map(toCol);
  if (options) {
    const asc = options.ascending;
    columns = columns.map((c, i) => ((Array.isArray(asc) ? asc[i] ?? true : asc) ? c : c.desc()));
  }
  return columns.map((c) => toSortOrder(c));
}

function arrayCall(values: LiteralValue[]): spark.connect.IExpression {
  return { unresolvedFunction: { functionName: 'array', arguments: values.map((v) => ({ literal: literalOf(v) })), isDistinct: false } };
}

function randomSeed(): number {
  return Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
}
