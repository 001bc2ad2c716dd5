// Plan ids, as PySpark assigns them: one process-wide counter, one fresh id per DataFrame operation,
// written to RelationCommon.plan_id. A column taken from a DataFrame (df.col("x")) carries that id, so
// the server can tell which side of a self-join "x" comes from.
import { spark } from './generated/spark-connect';

let nextPlanId = 0;

export function freshPlanId(): number {
  return nextPlanId++;
}

/** A relation with a fresh plan id in its common header. */
export function newRelation(body: Omit<spark.connect.IRelation, 'common'>): spark.connect.IRelation {
  return { common: { planId: freshPlanId() }, ...body };
}

/** The plan id of a relation built by this client (or adopted from the server with a fresh id). */
export function planIdOf(rel: spark.connect.IRelation): number {
  const id = rel.common?.planId;
  if (id === undefined || id === null) throw new Error('relation has no plan id');
  return typeof id === 'number' ? id : Number(id.toString());
}

/** Adopts a relation the server returned (a SQL command result) under a fresh plan id. */
export function adoptRelation(rel: spark.connect.IRelation): spark.connect.IRelation {
  return { ...rel, common: { ...(rel.common ?? {}), planId: freshPlanId() } };
}
