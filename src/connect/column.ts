// Column: an immutable wrapper around one Connect Expression, with PySpark's Column methods.
// Python's operators become methods (plus, minus, eq, gt, and, or, not, ...); each builds the same
// unresolved function PySpark's Connect client builds for that operator.
import { spark } from './generated/spark-connect';
import { DataType } from './data-types';
import { dataTypeToProto } from './data-type-proto';
import { LiteralValue, isLiteralValue, literalOf } from './literals';
import type { WindowSpec } from './window';

export type Expression = spark.connect.IExpression;

/** A column, or a column name (resolved by the server; "*" and "t.*" expand). */
export type ColumnOrName = Column | string;

/** Anything a binary operator accepts on its right-hand side. */
export type ColumnOrLiteral = Column | LiteralValue;

type CaseBranches = { branches: Array<[Expression, Expression]>; elseValue?: Expression };

export class Column {
  /** Set only on columns built by when(); lets when()/otherwise() extend the CASE. */
  private readonly caseWhen?: CaseBranches;

  constructor(readonly expr: Expression, caseWhen?: CaseBranches) {
    if (caseWhen) this.caseWhen = caseWhen;
  }

  /** The Connect expression message for this column. */
  toProto(): Expression {
    return this.expr;
  }

  toString(): string {
    return `Column<'${describeExpression(this.expr)}'>`;
  }

  // Arithmetic (Python's + - * / % and **).
  plus(other: ColumnOrLiteral): Column { return binary('+', this, other); }
  minus(other: ColumnOrLiteral): Column { return binary('-', this, other); }
  multiply(other: ColumnOrLiteral): Column { return binary('*', this, other); }
  divide(other: ColumnOrLiteral): Column { return binary('/', this, other); }
  mod(other: ColumnOrLiteral): Column { return binary('%', this, other); }
  pow(other: ColumnOrLiteral): Column { return binary('power', this, other); }
  /** Unary minus. */
  negate(): Column { return call('negative', this.expr); }

  // Comparison.
  eq(other: ColumnOrLiteral): Column { return binary('==', this, other); }
  equalTo(other: ColumnOrLiteral): Column { return this.eq(other); }
  /** Python's != is not(==) in PySpark Connect, and so it is here. */
  notEqual(other: ColumnOrLiteral): Column { return call('not', this.eq(other).expr); }
  ne(other: ColumnOrLiteral): Column { return this.notEqual(other); }
  gt(other: ColumnOrLiteral): Column { return binary('>', this, other); }
  ge(other: ColumnOrLiteral): Column { return binary('>=', this, other); }
  geq(other: ColumnOrLiteral): Column { return this.ge(other); }
  lt(other: ColumnOrLiteral): Column { return binary('<', this, other); }
  le(other: ColumnOrLiteral): Column { return binary('<=', this, other); }
  leq(other: ColumnOrLiteral): Column { return this.le(other); }
  eqNullSafe(other: ColumnOrLiteral): Column { return binary('<=>', this, other); }

  // Boolean logic (Python's & | ~).
  and(other: ColumnOrLiteral): Column { return binary('and', this, other); }
  or(other: ColumnOrLiteral): Column { return binary('or', this, other); }
  not(): Column { return call('not', this.expr); }

  // Bitwise.
  bitwiseOR(other: ColumnOrLiteral): Column { return binary('|', this, other); }
  bitwiseAND(other: ColumnOrLiteral): Column { return binary('&', this, other); }
  bitwiseXOR(other: ColumnOrLiteral): Column { return binary('^', this, other); }

  // Null and NaN tests.
  isNull(): Column { return call('isNull', this.expr); }
  isNotNull(): Column { return call('isNotNull', this.expr); }
  isNaN(): Column { return call('isNaN', this.expr); }

  // Strings.
  contains(other: ColumnOrLiteral): Column { return binary('contains', this, other); }
  startswith(other: ColumnOrLiteral): Column { return binary('startsWith', this, other); }
  endswith(other: ColumnOrLiteral): Column { return binary('endsWith', this, other); }
  like(pattern: string): Column { return binary('like', this, pattern); }
  ilike(pattern: string): Column { return binary('ilike', this, pattern); }
  rlike(pattern: string): Column { return binary('rlike', this, pattern); }

  /** SQL substr with a 1-based start; both arguments numbers or both columns, as in PySpark. */
  substr(startPos: number | Column, length: number | Column): Column {
    if ((typeof startPos === 'number') !== (typeof length === 'number')) {
      throw new TypeError('substr: startPos and length must be both numbers or both Columns');
    }
    return call('substr', this.expr, toExpr(startPos), toExpr(length));
  }

  /** Value IN (...); accepts varargs or one array, like PySpark's isin(*cols) / isin([..]). */
  isin(...values: Array<ColumnOrLiteral | ColumnOrLiteral[]>): Column {
    const list = values.length === 1 && Array.isArray(values[0]) ? values[0] : values as ColumnOrLiteral[];
    return call('in', this.expr, ...list.map((v) => toExpr(v)));
  }

  between(lowerBound: ColumnOrLiteral, upperBound: ColumnOrLiteral): Column {
    return this.ge(lowerBound).and(this.le(upperBound));
  }

  // Naming.
  /** alias("a") names a column; alias("a", "b") names the outputs of a multi-column generator. */
  alias(...names: [string, ...string[]] | [string, { metadata: Record<string, unknown> }]): Column {
    const last = names[names.length - 1];
    const metadata = typeof last === 'object' ? last.metadata : undefined;
    const parts: string[] = [];
    for (const n of names) if (typeof n === 'string') parts.push(n);
    if (metadata && parts.length > 1) throw new TypeError('alias: metadata is only allowed for a single name');
    const alias: spark.connect.Expression.IAlias = { expr: this.expr, name: parts };
    if (metadata) alias.metadata = JSON.stringify(metadata);
    return new Column({ alias });
  }
  as(...names: [string, ...string[]]): Column { return this.alias(...names); }
  name(...names: [string, ...string[]]): Column { return this.alias(...names); }

  // Types.
  /** CAST to a DDL type string ("decimal(10,2)") or a DataType. */
  cast(dataType: string | DataType): Column {
    const cast: spark.connect.Expression.ICast = { expr: this.expr };
    if (typeof dataType === 'string') cast.typeStr = dataType;
    else cast.type = dataTypeToProto(dataType);
    return new Column({ cast });
  }
  astype(dataType: string | DataType): Column { return this.cast(dataType); }
  /** TRY_CAST (Spark 4.0+: the cast's eval mode; 3.5 servers ignore the mode and cast normally). */
  try_cast(dataType: string | DataType): Column {
    const c = this.cast(dataType);
    const cast = c.expr.cast!;
    cast.evalMode = spark.connect.Expression.Cast.EvalMode.EVAL_MODE_TRY;
    return c;
  }

  // Sorting.
  asc(): Column { return this.asc_nulls_first(); }
  asc_nulls_first(): Column { return sortOrder(this.expr, true, true); }
  asc_nulls_last(): Column { return sortOrder(this.expr, true, false); }
  desc(): Column { return this.desc_nulls_last(); }
  desc_nulls_first(): Column { return sortOrder(this.expr, false, true); }
  desc_nulls_last(): Column { return sortOrder(this.expr, false, false); }

  // CASE WHEN.
  when(condition: Column, value: ColumnOrLiteral): Column {
    if (!this.caseWhen || this.caseWhen.elseValue) {
      throw new TypeError('when() can only be applied on a Column previously generated by when()');
    }
    return caseColumn([...this.caseWhen.branches, [condition.expr, toExpr(value)]]);
  }
  otherwise(value: ColumnOrLiteral): Column {
    if (!this.caseWhen || this.caseWhen.elseValue) {
      throw new TypeError('otherwise() can only be applied once on a Column previously generated by when()');
    }
    return caseColumn(this.caseWhen.branches, toExpr(value));
  }

  // Nested data.
  /** col[key]: an array element (0-based) or a map value. */
  getItem(key: ColumnOrLiteral): Column { return extract(this, key); }
  /** col.field: a struct field. */
  getField(name: ColumnOrLiteral): Column { return extract(this, name); }
  withField(fieldName: string, col: Column): Column {
    return new Column({ updateFields: { structExpression: this.expr, fieldName, valueExpression: col.expr } });
  }
  dropFields(...fieldNames: [string, ...string[]]): Column {
    let e = this.expr;
    for (const fieldName of fieldNames) e = { updateFields: { structExpression: e, fieldName } };
    return new Column(e);
  }

  over(window: WindowSpec): Column {
    return new Column(window.windowExpression(this.expr));
  }

  /** Applies a function to this column (PySpark's Column.transform). */
  transform(f: (c: Column) => Column): Column {
    return f(this);
  }

  /** Marks the column as an outer reference inside a subquery (4.0+); a no-op wrapper, as in PySpark. */
  outer(): Column {
    return new Column(this.expr);
  }
}

function call(name: string, ...args: Expression[]): Column {
  return new Column(unresolvedFunction(name, args));
}

export function unresolvedFunction(name: string, args: Expression[], isDistinct = false): Expression {
  return { unresolvedFunction: { functionName: name, arguments: args, isDistinct } };
}

function binary(name: string, left: Column, right: ColumnOrLiteral): Column {
  return call(name, left.expr, toExpr(right));
}

function sortOrder(child: Expression, ascending: boolean, nullsFirst: boolean): Column {
  const S = spark.connect.Expression.SortOrder;
  return new Column({
    sortOrder: {
      child,
      direction: ascending ? S.SortDirection.SORT_DIRECTION_ASCENDING : S.SortDirection.SORT_DIRECTION_DESCENDING,
      nullOrdering: nullsFirst ? S.NullOrdering.SORT_NULLS_FIRST : S.NullOrdering.SORT_NULLS_LAST,
    },
  });
}

function extract(c: Column, key: ColumnOrLiteral): Column {
  return new Column({ unresolvedExtractValue: { child: c.expr, extraction: toExpr(key) } });
}

/** CASE WHEN c1 THEN v1 ... [ELSE e] END, sent as the `when` function like PySpark does. */
export function caseColumn(branches: Array<[Expression, Expression]>, elseValue?: Expression): Column {
  const args: Expression[] = [];
  for (const [c, v] of branches) args.push(c, v);
  if (elseValue) args.push(elseValue);
  const state: CaseBranches = { branches };
  if (elseValue) state.elseValue = elseValue;
  return new Column(unresolvedFunction('when', args), state);
}

/** A column or a literal value as an expression (a string is a literal here, not a name). */
export function toExpr(v: ColumnOrLiteral): Expression {
  if (v instanceof Column) return v.expr;
  if (isLiteralValue(v)) return { literal: literalOf(v) };
  throw new TypeError(`Expected a Column or a literal value, got ${describeValue(v)}`);
}

/** A column or a column name as a Column (a string names a column here). */
export function toCol(c: ColumnOrName): Column {
  if (c instanceof Column) return c;
  if (typeof c === 'string') return colByName(c);
  throw new TypeError(`Expected a Column or a column name, got ${describeValue(c)}`);
}

/** col(name): "*" and "x.*" expand to all columns, anything else is an unresolved attribute. */
export function colByName(name: string, planId?: number): Column {
  if (name === '*') return new Column({ unresolvedStar: planId === undefined ? {} : { planId } });
  if (name.endsWith('.*')) return new Column({ unresolvedStar: { unparsedTarget: name } });
  const attr: spark.connect.Expression.IUnresolvedAttribute = { unparsedIdentifier: name };
  if (planId !== undefined) attr.planId = planId;
  return new Column({ unresolvedAttribute: attr });
}

/** A SortOrder for Sort and Window: sort expressions pass through, anything else sorts ascending. */
export function toSortOrder(c: ColumnOrName): spark.connect.Expression.ISortOrder {
  const col = toCol(c);
  return (col.expr.sortOrder ? col : col.asc()).expr.sortOrder!;
}

/** Flattens PySpark's "varargs or a single list" argument convention. */
export function flattenArgs<T>(args: ReadonlyArray<T | readonly T[]>): T[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as readonly T[])];
  const out: T[] = [];
  for (const a of args) {
    if (Array.isArray(a)) out.push(...(a as readonly T[]));
    else out.push(a as T);
  }
  return out;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** A short, human-readable rendering of an expression, for toString() and error messages. */
export function describeExpression(e: Expression): string {
  if (e.unresolvedAttribute) return e.unresolvedAttribute.unparsedIdentifier ?? '';
  if (e.unresolvedStar) return e.unresolvedStar.unparsedTarget ?? '*';
  if (e.expressionString) return e.expressionString.expression ?? '';
  if (e.literal) return describeLiteral(e.literal);
  if (e.alias) return `${describeExpression(e.alias.expr ?? {})} AS ${(e.alias.name ?? []).join(', ')}`;
  if (e.cast) {
    const t = e.cast.typeStr ?? (e.cast.type ? Object.keys(e.cast.type)[0] : '?');
    return `CAST(${describeExpression(e.cast.expr ?? {})} AS ${String(t).toUpperCase()})`;
  }
  if (e.sortOrder) {
    const dir = e.sortOrder.direction === 2 ? 'DESC' : 'ASC';
    const nulls = e.sortOrder.nullOrdering === 1 ? 'NULLS FIRST' : 'NULLS LAST';
    return `${describeExpression(e.sortOrder.child ?? {})} ${dir} ${nulls}`;
  }
  if (e.unresolvedFunction) {
    const f = e.unresolvedFunction;
    const args = (f.arguments ?? []).map(describeExpression);
    if (args.length === 2 && /^[^a-zA-Z]+$|^(and|or)$/.test(f.functionName ?? '')) {
      return `(${args[0]} ${f.functionName} ${args[1]})`;
    }
    return `${f.functionName}(${f.isDistinct ? 'DISTINCT ' : ''}${args.join(', ')})`;
  }
  if (e.unresolvedExtractValue) {
    return `${describeExpression(e.unresolvedExtractValue.child ?? {})}[${describeExpression(e.unresolvedExtractValue.extraction ?? {})}]`;
  }
  if (e.window) return `${describeExpression(e.window.windowFunction ?? {})} OVER (...)`;
  if (e.callFunction) {
    return `${e.callFunction.functionName}(${(e.callFunction.arguments ?? []).map(describeExpression).join(', ')})`;
  }
  if (e.lambdaFunction) return 'lambda';
  if (e.unresolvedNamedLambdaVariable) return (e.unresolvedNamedLambdaVariable.nameParts ?? []).join('.');
  return Object.keys(e)[0] ?? '?';
}

function describeLiteral(l: spark.connect.Expression.ILiteral): string {
  if (l.null) return 'NULL';
  if (l.string !== undefined && l.string !== null) return l.string;
  if (l.decimal) return l.decimal.value ?? '';
  for (const [k, v] of Object.entries(l)) {
    if (v !== undefined && v !== null && k !== 'dataType') return String(v);
  }
  return '?';
}
