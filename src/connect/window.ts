// Window specifications (pyspark.sql.Window / WindowSpec) and the Expression.Window they produce.
import { spark } from './generated/spark-connect';
import { ColumnOrName, Expression, flattenArgs, toCol, toSortOrder } from './column';
import { int64 } from './literals';

type Frame = { rows: boolean; start: number | bigint; end: number | bigint };
type Boundary = spark.connect.Expression.Window.WindowFrame.IFrameBoundary;

// PySpark's bounds are the JVM Long extremes; as doubles they are exactly -2^63 and 2^63.
const LONG_MIN = -(2 ** 63);
const LONG_MAX = 2 ** 63;
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

export class WindowSpec {
  constructor(
    private readonly partitionSpec: readonly Expression[] = [],
    private readonly orderSpec: readonly spark.connect.Expression.ISortOrder[] = [],
    private readonly frame?: Frame,
  ) {}

  partitionBy(...cols: Array<ColumnOrName | ColumnOrName[]>): WindowSpec {
    return new WindowSpec(flattenArgs(cols).map((c) => toCol(c).expr), this.orderSpec, this.frame);
  }

  orderBy(...cols: Array<ColumnOrName | ColumnOrName[]>): WindowSpec {
    return new WindowSpec(this.partitionSpec, flattenArgs(cols).map(toSortOrder), this.frame);
  }

  /** ROWS BETWEEN start AND end; offsets relative to the current row (0), or Window.unbounded*. */
  rowsBetween(start: number | bigint, end: number | bigint): WindowSpec {
    return new WindowSpec(this.partitionSpec, this.orderSpec, { rows: true, start: clampStart(start), end: clampEnd(end) });
  }

  /** RANGE BETWEEN start AND end, in units of the ordering value. */
  rangeBetween(start: number | bigint, end: number | bigint): WindowSpec {
    return new WindowSpec(this.partitionSpec, this.orderSpec, { rows: false, start: clampStart(start), end: clampEnd(end) });
  }

  /** The OVER clause around a window or aggregate function. */
  windowExpression(fn: Expression): Expression {
    const w: spark.connect.Expression.IWindow = { windowFunction: fn };
    if (this.partitionSpec.length > 0) w.partitionSpec = [...this.partitionSpec];
    if (this.orderSpec.length > 0) w.orderSpec = [...this.orderSpec];
    if (this.frame) {
      const T = spark.connect.Expression.Window.WindowFrame.FrameType;
      w.frameSpec = {
        frameType: this.frame.rows ? T.FRAME_TYPE_ROW : T.FRAME_TYPE_RANGE,
        lower: boundary(this.frame.start, this.frame.rows, true),
        upper: boundary(this.frame.end, this.frame.rows, false),
      };
    }
    return { window: w };
  }
}

function isUnboundedStart(v: number | bigint): boolean {
  return Number(v) <= LONG_MIN + 1 || v === -Infinity;
}

function isUnboundedEnd(v: number | bigint): boolean {
  return Number(v) >= LONG_MAX - 1 || v === Infinity;
}

function clampStart(v: number | bigint): number | bigint {
  return isUnboundedStart(v) ? Window.unboundedPreceding : v;
}

function clampEnd(v: number | bigint): number | bigint {
  return isUnboundedEnd(v) ? Window.unboundedFollowing : v;
}

function boundary(v: number | bigint, rows: boolean, lower: boolean): Boundary {
  if (Number(v) === 0) return { currentRow: true };
  if (lower ? isUnboundedStart(v) : isUnboundedEnd(v)) return { unbounded: true };
  if (rows) {
    // Row offsets are INT on the server, as PySpark checks.
    const n = Number(v);
    if (!Number.isInteger(n) || n < INT_MIN || n > INT_MAX) {
      throw new RangeError(`Row frame offset ${v} is outside the INT range`);
    }
    return { value: { literal: { integer: n } } };
  }
  return { value: { literal: { long: int64(v) } } };
}

/** Static entry points, like pyspark.sql.Window. */
export class Window {
  static readonly unboundedPreceding = LONG_MIN;
  static readonly unboundedFollowing = LONG_MAX;
  static readonly currentRow = 0;

  static partitionBy(...cols: Array<ColumnOrName | ColumnOrName[]>): WindowSpec {
    return new WindowSpec().partitionBy(...cols);
  }

  static orderBy(...cols: Array<ColumnOrName | ColumnOrName[]>): WindowSpec {
    return new WindowSpec().orderBy(...cols);
  }

  static rowsBetween(start: number | bigint, end: number | bigint): WindowSpec {
    return new WindowSpec().rowsBetween(start, end);
  }

  static rangeBetween(start: number | bigint, end: number | bigint): WindowSpec {
    return new WindowSpec().rangeBetween(start, end);
  }
}
