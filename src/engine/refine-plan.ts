// "Sort / filter on the server" for a result the grid holds only part of: the same statement, with a
// Filter and a Sort relation laid over its SQL relation through the client's DataFrame API (never by
// editing the SQL text), under the usual row limit. The filter means what the grid's quick filter means:
// rows where some column's text contains the needle, ignoring case; on the server a column's text is
// Spark's CAST(... AS STRING), which for a few types (binary, nested values) reads differently from the grid.
import type { spark } from '../connect/generated/spark-connect';
import { DataFrame } from '../connect/dataframe';
import type { Column } from '../connect/column';
import { lit } from '../connect/function-helpers';
import { contains, lower } from '../connect/functions-string';
import type { SessionCore } from '../connect/session-core';
import type { ResultRefinement } from './engine';
import { isRefining } from './refinement';

type Relation = spark.connect.IRelation;

/** A column name as one identifier part (backticks doubled), so dots and spaces in names stay literal. */
export function quotedColumn(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * `root` (a statement's SQL relation) filtered, then sorted. `session` only carries the DataFrame:
 * building relations sends nothing.
 */
export function refineRelation(session: SessionCore, root: Relation, refine: ResultRefinement): Relation {
  let df = new DataFrame(session, root);
  if (!isRefining(refine)) return root;
  const f = refine.filter;
  if (f && f.text !== '' && f.columns.length > 0) {
    const needle = lit(f.text.toLowerCase());
    const source = df;
    const matches = f.columns.map((name) => contains(lower(source.col(quotedColumn(name)).cast('string')), needle));
    const condition = matches.slice(1).reduce<Column>((acc, m) => acc.or(m), matches[0]);
    df = df.filter(condition);
  }
  const s = refine.sort;
  if (s) {
    const c = df.col(quotedColumn(s.column));
    df = df.sort(s.descending ? c.desc() : c.asc());
  }
  return df.relation;
}
