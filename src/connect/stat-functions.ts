// df.stat: covariance, correlation, quantiles, crosstab, frequent items, stratified sampling
// (the Stat* relations; the scalar ones run at once and return numbers).
import type { DataFrame } from './dataframe';
import { ColumnOrName, toCol } from './column';
import { literalOf } from './literals';
import { scalar } from './dataframe-actions';
import { ActionOptions } from './session-core';

export class DataFrameStatFunctions {
  constructor(private readonly df: DataFrame) {}

  async cov(col1: string, col2: string, opts?: ActionOptions): Promise<number> {
    return Number(await scalar(this.df.derive({ cov: { input: this.df.relation, col1, col2 } }), opts));
  }

  /** Pearson correlation (the only method Spark supports). */
  async corr(col1: string, col2: string, method = 'pearson', opts?: ActionOptions): Promise<number> {
    if (method !== 'pearson') throw new TypeError(`corr: only 'pearson' is supported, got '${method}'`);
    return Number(await scalar(this.df.derive({ corr: { input: this.df.relation, col1, col2, method } }), opts));
  }

  /** Approximate quantiles; one column name gives one list, a list of names a list per column. */
  approxQuantile(col: string, probabilities: number[], relativeError: number, opts?: ActionOptions): Promise<number[]>;
  approxQuantile(col: string[], probabilities: number[], relativeError: number, opts?: ActionOptions): Promise<number[][]>;
  async approxQuantile(col: string | string[], probabilities: number[], relativeError: number,
    opts?: ActionOptions): Promise<number[] | number[][]> {
    if (probabilities.some((p) => p < 0 || p > 1)) throw new RangeError('approxQuantile: probabilities must be in [0, 1]');
    if (relativeError < 0) throw new RangeError('approxQuantile: relativeError must be non-negative');
    const cols = typeof col === 'string' ? [col] : col;
    const v = await scalar(this.df.derive({
      approxQuantile: { input: this.df.relation, cols, probabilities, relativeError },
    }), opts) as unknown[][];
    const lists = (v ?? []).map((xs) => xs.map(Number));
    return typeof col === 'string' ? lists[0] ?? [] : lists;
  }

  crosstab(col1: string, col2: string): DataFrame {
    return this.df.derive({ crosstab: { input: this.df.relation, col1, col2 } });
  }

  freqItems(cols: string[], support?: number): DataFrame {
    return this.df.derive({ freqItems: { input: this.df.relation, cols, support: support || 0.01 } });
  }

  /** A stratified sample: fractions maps each stratum value of `col` to its sampling fraction. */
  sampleBy(col: ColumnOrName, fractions: Record<string, number> | Map<string | number | boolean, number>,
    seed?: number): DataFrame {
    const entries = fractions instanceof Map ? [...fractions] : Object.entries(fractions);
    return this.df.derive({
      sampleBy: {
        input: this.df.relation,
        col: toCol(col).expr,
        fractions: entries.map(([stratum, fraction]) => ({ stratum: literalOf(stratum), fraction })),
        seed: seed ?? Math.floor(Math.random() * Number.MAX_SAFE_INTEGER),
      },
    });
  }
}
