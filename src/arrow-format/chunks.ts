import type { Field } from 'apache-arrow';

// Row addressing over a result that arrives as many record batches. Each batch's columns are separate Data
// chunks; a global row number maps to (chunk, row in chunk) by binary search over the batch starts, with
// the last hit cached because the grid reads rows in runs.

export class ChunkIndex {
  private readonly starts: number[] = [0];
  private last = 0;

  get rowCount(): number {
    return this.starts[this.starts.length - 1];
  }

  get chunkCount(): number {
    return this.starts.length - 1;
  }

  /** Registers the next batch; returns its chunk number. */
  push(length: number): number {
    this.starts.push(this.rowCount + length);
    return this.starts.length - 2;
  }

  start(chunk: number): number {
    return this.starts[chunk];
  }

  /** Chunk holding a global row (0 <= row < rowCount). */
  chunkOf(row: number): number {
    const s = this.starts;
    const c = this.last;
    if (row >= s[c] && row < s[c + 1]) return c;
    let lo = 0;
    let hi = s.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return lo;
  }
}

/**
 * Column keys that stay apart when a result repeats a name (SELECT a, a): the first keeps its name, later ones
 * get "_2", "_3"... skipping any name that already exists. Used for JSON export keys.
 */
export function uniqueColumnKeys(names: readonly string[]): string[] {
  const taken = new Set(names);
  const seen = new Map<string, number>();
  return names.map((n) => {
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    if (count === 1) return n;
    let k = count;
    let candidate = `${n}_${k}`;
    while (taken.has(candidate)) candidate = `${n}_${++k}`;
    taken.add(candidate);
    return candidate;
  });
}

/** The chunk and in-chunk index of a row of an arrow-js Vector (for callers holding a Table, like the CLI). */
export function locateInVector(chunks: readonly { length: number }[], row: number): { chunk: number; index: number } {
  let index = row;
  for (let c = 0; c < chunks.length; c++) {
    if (index < chunks[c].length) return { chunk: c, index };
    index -= chunks[c].length;
  }
  throw new RangeError(`row ${row} is outside a column of ${row - index} rows`);
}

/**
 * The fields of a record batch, by position. Do not use `batch.schema.fields`: arrow-js's RecordBatch
 * constructor rebuilds the schema with Schema.assign, which merges fields by name, so with duplicate
 * column names (SELECT 1 AS x, 'a' AS x) the first field takes the second one's type. The struct type of
 * the batch's data keeps the fields as read from the IPC stream.
 */
export function batchFields(batch: { data: { type: { children: readonly Field[] } } }): readonly Field[] {
  return batch.data.type.children;
}
