// pyspark.sql.functions. Any name Spark's function registry knows works: a name not listed here is
// called by that name with PySpark's usual convention (Columns pass, a str names a column, other
// Python values become literals, a single list is spread). Listed here are only the functions whose
// Python signature is different: literal str/int arguments, lambdas, schemas, options, and renames.
import { Column, colByName, unresolvedFunction } from '../connect/column';
import { DataFrame } from '../connect/dataframe';
import { DataType } from '../connect/data-types';
import { when } from '../connect/functions';
import type { spark } from '../connect/generated/spark-connect';
import { bind, colOrName, flatList, str, toColumn } from './args';
import { EvalContext, unsupported } from './context';
import { PyOpError } from './operators';
import { literalExpr } from './py-literals';
import { CallArgs, PyBuiltin, PyDict, PyFunction, PyModule } from './values';

type Expr = spark.connect.IExpression;

/** Argument kinds: c column-or-name, l literal (a Column passes), n int literal or column name, s schema, o options, f lambda. */
type Kind = 'c' | 'l' | 'n' | 's' | 'o' | 'f';

// name -> "param:kind, param:kind=, *params:kind" (= marks an optional parameter)
const SIGNATURES: Record<string, string> = {
  date_format: 'date:c, format:l',
  to_date: 'col:c, format:l=',
  to_timestamp: 'col:c, format:l=',
  from_unixtime: 'timestamp:c, format:l=',
  unix_timestamp: 'timestamp:c=, format:l=',
  date_trunc: 'format:l, timestamp:c',
  trunc: 'date:c, format:l',
  from_utc_timestamp: 'timestamp:c, tz:l',
  to_utc_timestamp: 'timestamp:c, tz:l',
  next_day: 'date:c, dayOfWeek:l',
  session_window: 'timeColumn:c, gapDuration:l',
  split: 'str:c, pattern:l, limit:l=',
  regexp_replace: 'string:c, pattern:l, replacement:l',
  regexp_extract: 'str:c, pattern:l, idx:l',
  regexp_extract_all: 'str:c, regexp:c, idx:n=',
  concat_ws: 'sep:l, *cols:c',
  format_string: 'format:l, *cols:c',
  format_number: 'col:c, d:l',
  lpad: 'col:c, len:n, pad:l',
  rpad: 'col:c, len:n, pad:l',
  repeat: 'col:c, n:n',
  instr: 'str:c, substr:l',
  locate: 'substr:l, str:c, pos:l=',
  translate: 'srcCol:c, matching:l, replace:l',
  substring_index: 'str:c, delim:l, count:l',
  substring: 'str:c, pos:n, len:n',
  overlay: 'src:c, replace:c, pos:n, len:n=',
  levenshtein: 'left:c, right:c, threshold:l=',
  sha2: 'col:c, numBits:l',
  conv: 'col:c, fromBase:l, toBase:l',
  encode: 'col:c, charset:l',
  decode: 'col:c, charset:l',
  ntile: 'n:l',
  lag: 'col:c, offset:l=, default:l=',
  lead: 'col:c, offset:l=, default:l=',
  nth_value: 'col:c, offset:l, ignoreNulls:l=',
  first: 'col:c, ignorenulls:l=',
  last: 'col:c, ignorenulls:l=',
  approx_count_distinct: 'col:c, rsd:l=',
  percentile_approx: 'col:c, percentage:l, accuracy:l=',
  approx_percentile: 'col:c, percentage:l, accuracy:l=',
  percentile: 'col:c, percentage:l, frequency:l=',
  array_contains: 'col:c, value:l',
  array_position: 'col:c, value:l',
  array_remove: 'col:c, element:l',
  array_append: 'col:c, value:l',
  array_prepend: 'col:c, value:l',
  array_insert: 'arr:c, pos:n, value:l',
  element_at: 'col:c, extraction:l',
  array_join: 'col:c, delimiter:l, null_replacement:l=',
  sort_array: 'col:c, asc:l=',
  array_repeat: 'col:c, count:n',
  map_contains_key: 'col:c, value:l',
  get_json_object: 'col:c, path:l',
  json_tuple: 'col:c, *fields:l',
  from_json: 'col:c, schema:s, options:o=',
  to_json: 'col:c, options:o=',
  schema_of_json: 'json:l, options:o=',
  from_csv: 'col:c, schema:s, options:o=',
  to_csv: 'col:c, options:o=',
  schema_of_csv: 'csv:l, options:o=',
  rand: 'seed:l=',
  randn: 'seed:l=',
  shiftleft: 'col:c, numBits:l',
  shiftright: 'col:c, numBits:l',
  shiftrightunsigned: 'col:c, numBits:l',
  assert_true: 'col:c, errMsg:l=',
  raise_error: 'errMsg:l',
  round: 'col:c, scale:n=',
  bround: 'col:c, scale:n=',
  date_add: 'start:c, days:n',
  date_sub: 'start:c, days:n',
  add_months: 'start:c, months:n',
  months_between: 'date1:c, date2:c, roundOff:l=',
  like: 'str:c, pattern:c, escapeChar:l=',
  ilike: 'str:c, pattern:c, escapeChar:l=',
  mode: 'col:c, deterministic:l=',
  histogram_numeric: 'col:c, nBins:l',
  sequence: 'start:c, stop:c, step:c=',
  transform: 'col:c, f:f',
  filter: 'col:c, f:f',
  exists: 'col:c, f:f',
  forall: 'col:c, f:f',
  zip_with: 'left:c, right:c, f:f',
  transform_keys: 'col:c, f:f',
  transform_values: 'col:c, f:f',
  map_filter: 'col:c, f:f',
  map_zip_with: 'col1:c, col2:c, f:f',
  aggregate: 'col:c, initialValue:c, merge:f, finish:f=',
  reduce: 'col:c, initialValue:c, merge:f, finish:f=',
  array_sort: 'col:c, comparator:f=',
  timestamp_add: 'unit:l, quantity:c, ts:c',
  timestamp_diff: 'unit:l, start:c, end:c',
  to_char: 'col:c, format:c',
  make_interval: 'years:c=, months:c=, weeks:c=, days:c=, hours:c=, mins:c=, secs:c=',
};

// PySpark names that call a differently named Spark function
const RENAMES: Record<string, string> = {
  approxCountDistinct: 'approx_count_distinct', bitwiseNOT: '~', bitwise_not: '~', shiftLeft: 'shiftleft',
  shiftRight: 'shiftright', shiftRightUnsigned: 'shiftrightunsigned', toDegrees: 'degrees', toRadians: 'radians',
  create_map: 'map', timestamp_diff: 'timestampdiff', timestamp_add: 'timestampadd',
};

// Names that refuse: Python UDFs and what needs a Python worker.
const REFUSED: Record<string, string> = {
  udf: 'Python UDFs cannot run without Python; write the logic with pyspark.sql.functions instead',
  pandas_udf: 'pandas UDFs cannot run without Python; write the logic with pyspark.sql.functions instead',
  udtf: 'Python UDTFs cannot run without Python',
};

interface ParsedParam { name: string; kind: Kind; optional: boolean; star: boolean }
const parsed = new Map<string, { spec: string; params: ParsedParam[] }>();

function paramsOf(name: string): { spec: string; params: ParsedParam[] } | undefined {
  const sig = SIGNATURES[name];
  if (sig === undefined) return undefined;
  let p = parsed.get(name);
  if (!p) {
    const params = sig.split(',').map((s) => s.trim()).map((s): ParsedParam => {
      const star = s.startsWith('*');
      const optional = s.endsWith('=');
      const [n, k] = s.replace(/^\*/, '').replace(/=$/, '').split(':') as [string, Kind];
      return { name: n, kind: k, optional, star };
    });
    p = { spec: params.map((q) => `${q.star ? '*' : ''}${q.name}${q.optional ? '=' : ''}`).join(', '), params };
    parsed.set(name, p);
  }
  return p;
}

function fnColumn(name: string, args: Expr[], distinct = false): Column {
  return new Column(unresolvedFunction(name, args, distinct));
}

/** A Python value as a column argument: Columns pass, str names a column, other values are literals. */
export function columnArg(v: unknown): Expr {
  if (v instanceof Column) return v.expr;
  if (typeof v === 'string') return colByName(v).expr;
  return literalExpr(v);
}

function schemaArg(v: unknown): Expr {
  if (v instanceof DataType) return { literal: { string: v.json() } };
  if (v instanceof Column) return v.expr;
  return { literal: { string: str(v, 'schema') } };
}

function optionsArg(v: unknown): Expr {
  if (!(v instanceof PyDict)) throw new PyOpError('options must be a dict');
  const args: Expr[] = [];
  for (const [k, x] of v.pairs()) args.push(literalExpr(String(k)), literalExpr(typeof x === 'boolean' ? String(x) : x === null ? null : String(x)));
  return unresolvedFunction('map', args);
}

/** A Spark lambda function from a Python lambda or def: its body is evaluated once, on variables. */
export async function lambdaArg(ctx: EvalContext, f: unknown, span: CallArgs['span'], counter: { n: number }): Promise<Expr> {
  if (!(f instanceof PyFunction)) throw new PyOpError('a higher-order function needs a lambda or a function');
  const arity = f.params.filter((p) => p.kind === 'plain' && !p.hasDefault).length;
  if (arity < 1 || arity > 3) throw new PyOpError(`a lambda for a Spark function takes 1 to 3 arguments, this one takes ${arity}`);
  const names = ['x', 'y', 'z'].slice(0, arity).map((n) => `${n}_${counter.n++}`);
  const vars = names.map((n) => ({ nameParts: [n] }));
  const result = await ctx.callValue(f, { pos: vars.map((v) => new Column({ unresolvedNamedLambdaVariable: v })), kw: new Map(), span });
  if (!(result instanceof Column)) throw new PyOpError('the lambda must return a Column');
  return { lambdaFunction: { function: result.expr, arguments: vars } };
}

async function callBySignature(ctx: EvalContext, name: string, a: CallArgs, counter: { n: number }): Promise<Column> {
  const sig = paramsOf(name)!;
  const b = bind(a, name, sig.spec);
  const exprs: Expr[] = [];
  for (const p of sig.params) {
    const v = b[p.name];
    const values = p.star ? flatList(v as unknown[]) : v === undefined ? [] : [v];
    if (!p.star && v === undefined) continue;
    if (!p.star && v === null && p.optional && p.kind !== 'l') continue;
    for (const x of values) {
      switch (p.kind) {
        case 'c': exprs.push(columnArg(colOrName(x, `${name}(${p.name})`))); break;
        case 'l': exprs.push(literalExpr(x)); break;
        case 'n': exprs.push(typeof x === 'string' ? colByName(x).expr : literalExpr(x)); break;
        case 's': exprs.push(schemaArg(x)); break;
        case 'o': exprs.push(optionsArg(x)); break;
        case 'f': exprs.push(await lambdaArg(ctx, x, a.span, counter)); break;
      }
    }
  }
  return fnColumn(RENAMES[name] ?? name, exprs);
}

function genericCall(name: string, a: CallArgs): Column {
  if (a.kw.size > 0) throw new PyOpError(`${name}() got an unexpected keyword argument '${[...a.kw.keys()][0]}'`);
  return fnColumn(RENAMES[name] ?? name, flatList(a.pos).map(columnArg));
}

const SORTS: Record<string, (c: Column) => Column> = {
  asc: (c) => c.asc(), desc: (c) => c.desc(), asc_nulls_first: (c) => c.asc_nulls_first(),
  asc_nulls_last: (c) => c.asc_nulls_last(), desc_nulls_first: (c) => c.desc_nulls_first(),
  desc_nulls_last: (c) => c.desc_nulls_last(),
};

/** The pyspark.sql.functions module, bound to one evaluation (lambdas call back into it). */
export function functionsModule(ctx: EvalContext): PyModule {
  const counter = { n: 0 };
  const special = new Map<string, unknown>();
  const def = (name: string, f: (a: CallArgs) => unknown): void => { special.set(name, new PyBuiltin(name, f)); };
  def('col', (a) => colByName(str(bind(a, 'col', 'col')['col'], 'col')));
  def('column', (a) => colByName(str(bind(a, 'column', 'col')['col'], 'column')));
  def('lit', (a) => new Column(literalExpr(bind(a, 'lit', 'col')['col'])));
  def('expr', (a) => new Column({ expressionString: { expression: str(bind(a, 'expr', 'str')['str'], 'expr') } }));
  special.set('when', new PyBuiltin('when', (a) => {
    const b = bind(a, 'when', 'condition, value');
    const cond = b['condition'];
    if (!(cond instanceof Column)) throw new PyOpError('when(): condition should be a Column');
    return when(cond, new Column(literalExpr(b['value'])));
  }));
  def('broadcast', (a) => {
    const df = bind(a, 'broadcast', 'df')['df'];
    if (!(df instanceof DataFrame)) throw new PyOpError('broadcast() takes a DataFrame');
    return df.hint('broadcast');
  });
  def('call_function', (a) => {
    const b = bind(a, 'call_function', 'funcName, *cols');
    return new Column({ callFunction: { functionName: str(b['funcName'], 'funcName'), arguments: flatList(b['cols'] as unknown[]).map(columnArg) } });
  });
  def('call_udf', (a) => {
    const b = bind(a, 'call_udf', 'udfName, *cols');
    return fnColumn(str(b['udfName'], 'udfName'), flatList(b['cols'] as unknown[]).map(columnArg));
  });
  for (const n of ['count_distinct', 'countDistinct']) {
    def(n, (a) => fnColumn('count', flatList(bind(a, n, '*cols')['cols'] as unknown[]).map(columnArg), true));
  }
  for (const n of ['sum_distinct', 'sumDistinct']) def(n, (a) => fnColumn('sum', [columnArg(bind(a, n, 'col')['col'])], true));
  for (const [n, f] of Object.entries(SORTS)) def(n, (a) => f(toColumn(bind(a, n, 'col')['col'], n)));
  def('log', (a) => {
    const b = bind(a, 'log', 'arg1, arg2=');
    if (b['arg2'] === undefined || b['arg2'] === null) return fnColumn('ln', [columnArg(b['arg1'])]);
    return fnColumn('log', [literalExpr(b['arg1']), columnArg(b['arg2'])]);
  });
  def('window', (a) => {
    const b = bind(a, 'window', 'timeColumn, windowDuration, slideDuration=, startTime=');
    const args: Expr[] = [columnArg(b['timeColumn']), literalExpr(str(b['windowDuration'], 'windowDuration'))];
    const slide = b['slideDuration'] ?? (b['startTime'] !== undefined && b['startTime'] !== null ? b['windowDuration'] : undefined);
    if (slide !== undefined && slide !== null) args.push(literalExpr(str(slide, 'slideDuration')));
    if (b['startTime'] !== undefined && b['startTime'] !== null) args.push(literalExpr(str(b['startTime'], 'startTime')));
    return fnColumn('window', args);
  });
  for (const [n, why] of Object.entries(REFUSED)) {
    special.set(n, new PyBuiltin(n, (a) => { throw unsupported(a.span, n, why); }));
  }
  return new PyModule('pyspark.sql.functions', special, (name) => {
    if (name.startsWith('_')) return undefined;
    if (SIGNATURES[name] !== undefined) return new PyBuiltin(name, (a) => callBySignature(ctx, name, a, counter));
    return new PyBuiltin(name, (a) => genericCall(name, a));
  });
}
