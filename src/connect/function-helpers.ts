// The building blocks of the functions modules: calling a Spark function by name with columns,
// literals or lambdas, following PySpark's conventions for which arguments are column names
// (ColumnOrName: a string names a column) and which are values (a string is a string literal).
import { spark } from './generated/spark-connect';
import { Column, ColumnOrLiteral, ColumnOrName, Expression, toCol, toExpr, unresolvedFunction } from './column';
import { isLiteralValue, LiteralValue } from './literals';

/** A literal value, an array of them (becomes array(...)), a Map (becomes map(...)), or a Column. */
export type LitInput = ColumnOrLiteral | readonly LitInput[] | ReadonlyMap<LiteralValue, LitInput>;

/** Calls the function `name` on expressions. */
export function invoke(name: string, ...args: Array<Column | Expression>): Column {
  return new Column(unresolvedFunction(name, args.map((a) => (a instanceof Column ? a.expr : a))));
}

/** Calls the function `name` on columns or column names. */
export function overCols(name: string, ...cols: ColumnOrName[]): Column {
  return invoke(name, ...cols.map(toCol));
}

/** PySpark's lit(): a Column passes through, arrays become array(...) of literals. */
export function lit(value: LitInput): Column {
  if (value instanceof Column) return value;
  if (Array.isArray(value)) {
    if (value.some((v) => v instanceof Column)) throw new TypeError('lit: an array may not contain Columns');
    return invoke('array', ...value.map((v: LitInput) => lit(v)));
  }
  if (value instanceof Map) {
    const args: Column[] = [];
    for (const [k, v] of value) args.push(lit(k as LiteralValue), lit(v as LitInput));
    return invoke('map', ...args);
  }
  if (isLiteralValue(value)) return new Column(toExpr(value));
  throw new TypeError(`lit: unsupported value of type ${typeof value}`);
}

/** PySpark's "lit(x) if isinstance(x, int) else x": numbers are literals, strings name columns. */
export function numOrCol(v: number | ColumnOrName): Column {
  return typeof v === 'number' ? lit(v) : toCol(v);
}

let lambdaVarId = 0;

/**
 * A lambda for higher-order functions (transform, filter, aggregate, ...). Its arity is the
 * function's declared parameter count (1 to 3); the variables get fresh names as in PySpark.
 */
export function lambda(f: (...args: Column[]) => Column): Expression {
  const arity = f.length;
  if (arity < 1 || arity > 3) throw new TypeError(`A lambda must take 1 to 3 parameters, this one takes ${arity}`);
  const names = ['x', 'y', 'z'].slice(0, arity).map((n) => `${n}_${lambdaVarId++}`);
  const vars: spark.connect.Expression.IUnresolvedNamedLambdaVariable[] = names.map((n) => ({ nameParts: [n] }));
  const result = f(...vars.map((v) => new Column({ unresolvedNamedLambdaVariable: v })));
  if (!(result instanceof Column)) throw new TypeError('A lambda must return a Column');
  return { lambdaFunction: { function: result.expr, arguments: vars } };
}

/** Calls a higher-order function: columns first, then lambdas. */
export function higherOrder(name: string, cols: ColumnOrName[], fns: Array<(...args: Column[]) => Column>): Column {
  return invoke(name, ...cols.map(toCol), ...fns.map(lambda));
}

/** Options given as a map<string,string> column (from_json, to_json, ...). */
export function optionsColumn(options: Record<string, unknown>): Column {
  const args: Column[] = [];
  for (const [k, v] of Object.entries(options)) args.push(lit(k), lit(String(v)));
  return invoke('map', ...args);
}
