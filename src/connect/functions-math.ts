// Math and bitwise functions (pyspark.sql.functions).
import { Column, ColumnOrName, toCol } from './column';
import { invoke, lit, numOrCol, overCols } from './function-helpers';

type Col = ColumnOrName;

/** PySpark's binary math functions accept numbers too (as literals) for legacy reasons. */
function binaryMath(name: string, a: Col | number, b: Col | number): Column {
  return invoke(name, typeof a === 'number' ? lit(a) : toCol(a), typeof b === 'number' ? lit(b) : toCol(b));
}

function withScale(name: string, col: Col, scale?: number | Column): Column {
  return scale === undefined ? overCols(name, col) : invoke(name, toCol(col), numOrCol(scale));
}

export function abs(col: Col): Column { return overCols('abs', col); }
export function sqrt(col: Col): Column { return overCols('sqrt', col); }
export function cbrt(col: Col): Column { return overCols('cbrt', col); }
export function exp(col: Col): Column { return overCols('exp', col); }
export function expm1(col: Col): Column { return overCols('expm1', col); }
/** log(col) is the natural log; log(base, col) the logarithm in that base. */
export function log(arg1: Col | number, arg2?: Col): Column {
  if (arg2 === undefined) return invoke('ln', toCol(arg1 as Col));
  return invoke('log', lit(arg1 as number), toCol(arg2));
}
export function ln(col: Col): Column { return overCols('ln', col); }
export function log10(col: Col): Column { return overCols('log10', col); }
export function log2(col: Col): Column { return overCols('log2', col); }
export function log1p(col: Col): Column { return overCols('log1p', col); }
export function pow(col1: Col | number, col2: Col | number): Column { return binaryMath('power', col1, col2); }
export const power = pow;
export function round(col: Col, scale?: number | Column): Column { return withScale('round', col, scale); }
export function bround(col: Col, scale?: number | Column): Column { return withScale('bround', col, scale); }
export function ceil(col: Col, scale?: number | Column): Column { return withScale('ceil', col, scale); }
export function ceiling(col: Col, scale?: number | Column): Column { return withScale('ceiling', col, scale); }
export function floor(col: Col, scale?: number | Column): Column { return withScale('floor', col, scale); }
export function rint(col: Col): Column { return overCols('rint', col); }
export function signum(col: Col): Column { return overCols('signum', col); }
export function sign(col: Col): Column { return overCols('sign', col); }
export function negative(col: Col): Column { return overCols('negative', col); }
export function positive(col: Col): Column { return overCols('positive', col); }
export function sin(col: Col): Column { return overCols('sin', col); }
export function cos(col: Col): Column { return overCols('cos', col); }
export function tan(col: Col): Column { return overCols('tan', col); }
export function asin(col: Col): Column { return overCols('asin', col); }
export function acos(col: Col): Column { return overCols('acos', col); }
export function atan(col: Col): Column { return overCols('atan', col); }
export function atan2(col1: Col | number, col2: Col | number): Column { return binaryMath('atan2', col1, col2); }
export function sinh(col: Col): Column { return overCols('sinh', col); }
export function cosh(col: Col): Column { return overCols('cosh', col); }
export function tanh(col: Col): Column { return overCols('tanh', col); }
export function degrees(col: Col): Column { return overCols('degrees', col); }
export function radians(col: Col): Column { return overCols('radians', col); }
export function hypot(col1: Col | number, col2: Col | number): Column { return binaryMath('hypot', col1, col2); }
export function pmod(dividend: Col | number, divisor: Col | number): Column { return binaryMath('pmod', dividend, divisor); }
export function factorial(col: Col): Column { return overCols('factorial', col); }
export function e(): Column { return invoke('e'); }
export function pi(): Column { return invoke('pi'); }
export function bin(col: Col): Column { return overCols('bin', col); }
export function conv(col: Col, fromBase: number, toBase: number): Column { return invoke('conv', toCol(col), lit(fromBase), lit(toBase)); }
export function shiftleft(col: Col, numBits: number): Column { return invoke('shiftleft', toCol(col), lit(numBits)); }
export function shiftright(col: Col, numBits: number): Column { return invoke('shiftright', toCol(col), lit(numBits)); }
export function shiftrightunsigned(col: Col, numBits: number): Column { return invoke('shiftrightunsigned', toCol(col), lit(numBits)); }
export function bitwise_not(col: Col): Column { return overCols('~', col); }
export function bit_count(col: Col): Column { return overCols('bit_count', col); }
export function try_add(left: Col, right: Col): Column { return overCols('try_add', left, right); }
export function try_subtract(left: Col, right: Col): Column { return overCols('try_subtract', left, right); }
export function try_multiply(left: Col, right: Col): Column { return overCols('try_multiply', left, right); }
export function try_divide(left: Col, right: Col): Column { return overCols('try_divide', left, right); }
export function try_mod(left: Col, right: Col): Column { return overCols('try_mod', left, right); }
export function width_bucket(v: Col, min: Col, max: Col, numBucket: number | Col): Column {
  return invoke('width_bucket', toCol(v), toCol(min), toCol(max), numOrCol(numBucket));
}
/** Uniformly random values in [0, 1); a seed makes them repeatable. */
export function rand(seed?: number): Column { return invoke('rand', lit(seed ?? randomSeed())); }
export function randn(seed?: number): Column { return invoke('randn', lit(seed ?? randomSeed())); }

function randomSeed(): number {
  // A non-negative int64 as PySpark draws one; kept within 2^53 so it is exact as a JS number.
  return Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
}
