// GroupedData: the result of groupBy/rollup/cube/groupingSets (and pivot), turned into an
// Aggregate relation by agg() or one of the shortcuts (count, sum, avg, mean, min, max).
import { spark } from './generated/spark-connect';
import { Column, colByName, unresolvedFunction } from './column';
import { NumericType } from './data-types';
import { literalOf, LiteralValue } from './literals';
import type { DataFrame } from './dataframe';

export type GroupType = 'groupby' | 'rollup' | 'cube' | 'pivot' | 'grouping_sets';

const GT = spark.connect.Aggregate.GroupType;
const GROUP_TYPES: Record<GroupType, spark.connect.Aggregate.GroupType> = {
  groupby: GT.GROUP_TYPE_GROUPBY,
  rollup: GT.GROUP_TYPE_ROLLUP,
  cube: GT.GROUP_TYPE_CUBE,
  pivot: GT.GROUP_TYPE_PIVOT,
  grouping_sets: GT.GROUP_TYPE_GROUPING_SETS,
};

type PivotValue = boolean | number | string | bigint;

export class GroupedData {
  constructor(
    private readonly df: DataFrame,
    private readonly groupType: GroupType,
    private readonly groupingCols: Column[],
    private readonly groupingSets?: Column[][],
    private readonly pivotCol?: Column,
    private readonly pivotValues?: PivotValue[],
  ) {}

  /** agg(F.sum("x"), F.max("y")) or agg({ x: "sum", y: "max" }) (function name per column). */
  agg(...exprs: Column[] | [Record<string, string>]): DataFrame {
    if (exprs.length === 0) throw new TypeError('agg: at least one aggregate expression is required');
    const first = exprs[0];
    const measures = exprs.length === 1 && !(first instanceof Column)
      ? Object.entries(first as Record<string, string>).map(([c, fn]) => new Column(unresolvedFunction(fn, [colByName(c).expr])))
      : exprs as Column[];
    if (!measures.every((m) => m instanceof Column)) throw new TypeError('agg: expected Columns or one { column: function } object');
    return this.aggregate(measures);
  }

  /** Rows per group, in a column named "count". */
  count(): DataFrame {
    return this.aggregate([new Column(unresolvedFunction('count', [{ literal: { integer: 1 } }])).alias('count')]);
  }

  // With no column names these need the schema to find the numeric columns, as PySpark does,
  // so they return a promise; with names they build the plan at once.
  sum(): Promise<DataFrame>;
  sum(...cols: [string, ...string[]]): DataFrame;
  sum(...cols: string[]): DataFrame | Promise<DataFrame> { return this.numeric('sum', cols); }
  avg(): Promise<DataFrame>;
  avg(...cols: [string, ...string[]]): DataFrame;
  avg(...cols: string[]): DataFrame | Promise<DataFrame> { return this.numeric('avg', cols); }
  mean(): Promise<DataFrame>;
  mean(...cols: [string, ...string[]]): DataFrame;
  mean(...cols: string[]): DataFrame | Promise<DataFrame> { return this.numeric('avg', cols); }
  min(): Promise<DataFrame>;
  min(...cols: [string, ...string[]]): DataFrame;
  min(...cols: string[]): DataFrame | Promise<DataFrame> { return this.numeric('min', cols); }
  max(): Promise<DataFrame>;
  max(...cols: [string, ...string[]]): DataFrame;
  max(...cols: string[]): DataFrame | Promise<DataFrame> { return this.numeric('max', cols); }

  /** Pivots on a column's values; give them to save the server a pass computing the distinct values. */
  pivot(pivotCol: string, values?: PivotValue[]): GroupedData {
    if (this.groupType !== 'groupby') {
      throw new TypeError(this.groupType === 'pivot' ? 'pivot: repeated pivot is not supported' : 'pivot: only after groupBy');
    }
    return new GroupedData(this.df, 'pivot', this.groupingCols, undefined, this.df.col(pivotCol), values);
  }

  private numeric(fn: string, cols: string[]): DataFrame | Promise<DataFrame> {
    const build = (names: string[]) => this.aggregate(names.map((c) => new Column(unresolvedFunction(fn, [colByName(c).expr]))));
    if (cols.length > 0) return build(cols);
    return this.df.schema().then((s) => build(s.fields.filter((f) => f.dataType instanceof NumericType).map((f) => f.name)));
  }

  private aggregate(measures: Column[]): DataFrame {
    const agg: spark.connect.IAggregate = {
      input: this.df.relation,
      groupType: GROUP_TYPES[this.groupType],
      groupingExpressions: this.groupingCols.map((c) => c.expr),
      aggregateExpressions: measures.map((c) => c.expr),
    };
    if (this.groupType === 'pivot' && this.pivotCol) {
      agg.pivot = { col: this.pivotCol.expr };
      if (this.pivotValues && this.pivotValues.length > 0) {
        agg.pivot.values = this.pivotValues.map((v) => literalOf(v as LiteralValue));
      }
    }
    if (this.groupType === 'grouping_sets') {
      agg.groupingSets = (this.groupingSets ?? []).map((set) => ({ groupingSet: set.map((c) => c.expr) }));
    }
    return this.df.derive({ aggregate: agg });
  }
}
