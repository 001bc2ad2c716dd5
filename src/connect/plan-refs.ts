// spark.sql("… {df} …", df=df): the SQL names other DataFrames. Spark 4.x takes them with the query as
// one plan, a WithRelations whose root is the SQL relation and whose references are the DataFrames'
// plans under SubqueryAlias names the text uses (as PySpark 4's client sends them); nothing is left on
// the server. Spark 3.5 has no WithRelations: there each reference becomes a temp view created just
// before the one execution that needs it and dropped right after (also when it fails or is cancelled).
import { randomUUID } from 'node:crypto';
import { spark } from './generated/spark-connect';
import { SparkConnectError } from './errors';
import { newRelation } from './plan-ids';
import type { ExecutionLike, SessionClient } from './session-core';
import type { AnalyzeBody, CallOptions, ExecuteOptions } from './client';

type Relation = spark.connect.IRelation;

/** One DataFrame a SQL text names: the name used in the text, and the DataFrame's plan. */
export interface SqlRef {
  alias: string;
  input: Relation;
}

/** The Spark 4.x plan of a SQL query naming other DataFrames (PySpark 4's SQL with views). */
export function sqlWithRefs(sql: spark.connect.ISQL, refs: readonly SqlRef[]): Relation {
  const root = newRelation({ sql });
  if (refs.length === 0) return root;
  return newRelation({
    withRelations: {
      root,
      references: refs.map((r) => newRelation({ subqueryAlias: { input: r.input, alias: r.alias } })),
    },
  });
}

/** A WithRelations node of the SQL-with-references shape (the only one this client builds). */
function isSqlWithRefs(node: Relation): boolean {
  const w = node.withRelations;
  return !!w && !!w.root?.sql && (w.references ?? []).every((r) => !!r.subqueryAlias);
}

/** Whether a plan (or relation, or command) holds a SQL text with DataFrame references anywhere. */
export function hasSqlRefs(node: unknown, depth = 0): boolean {
  if (typeof node !== 'object' || node === null || depth > 500) return false;
  if (ArrayBuffer.isView(node)) return false;
  if ((node as Relation).withRelations && isSqlWithRefs(node as Relation)) return true;
  for (const v of Object.values(node)) if (hasSqlRefs(v, depth + 1)) return true;
  return false;
}

/**
 * The plan for a server without WithRelations: each SQL-with-references node becomes its SQL root, and
 * the referenced plans are returned as views to create first, in creation order (a reference that
 * itself names DataFrames comes after the views it needs). Untouched parts are shared, not copied.
 */
export function lowerSqlRefs<T>(node: T): { node: T; views: SqlRef[] } {
  const views: SqlRef[] = [];
  const walk = (n: unknown, depth: number): unknown => {
    if (typeof n !== 'object' || n === null || depth > 500 || ArrayBuffer.isView(n)) return n;
    if (Array.isArray(n)) {
      const out = n.map((x) => walk(x, depth + 1));
      return out.some((x, i) => x !== n[i]) ? out : n;
    }
    const rel = n as Relation;
    if (rel.withRelations && isSqlWithRefs(rel)) {
      for (const ref of rel.withRelations.references ?? []) {
        const alias = ref.subqueryAlias!;
        views.push({ alias: alias.alias ?? '', input: walk(alias.input, depth + 1) as Relation });
      }
      return walk(rel.withRelations.root, depth + 1);
    }
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(n)) {
      const w = walk(v, depth + 1);
      if (w !== v) (copy ??= { ...n })[k] = w;
    }
    return copy ?? n;
  };
  return { node: walk(node, 0) as T, views };
}

/** cancel() came before the execution started: it never starts. */
function cancelledError(signal: AbortSignal | undefined): unknown {
  return signal?.aborted ? signal.reason : new SparkConnectError('The execution was cancelled before it started.', { reason: 'cancelled' });
}

async function drain(execution: ExecutionLike): Promise<void> {
  for await (const e of execution) void e;
}

function createView(client: Pick<SessionClient, 'execute'>, v: SqlRef, signal: AbortSignal | undefined): Promise<void> {
  return drain(client.execute({ command: { createDataframeView: { input: v.input, name: v.alias, isGlobal: false, replace: true } } },
    signal ? { signal } : {}));
}

/** Drops the views, newest first, even after a failure or cancel (so without the caller's signal). */
async function dropViews(client: Pick<SessionClient, 'execute'>, names: readonly string[]): Promise<void> {
  for (const viewName of [...names].reverse()) {
    await drain(client.execute({ root: { catalog: { dropTempView: { viewName } } } })).catch(() => undefined);
  }
}

/** Runs `fn` with the views created before it and dropped after it (Spark 3.5's SQL commands). */
export async function withTempViews<T>(client: Pick<SessionClient, 'execute'>, views: readonly SqlRef[], fn: () => Promise<T>,
  signal?: AbortSignal): Promise<T> {
  const created: string[] = [];
  try {
    for (const v of views) {
      await createView(client, v, signal);
      created.push(v.alias);
    }
    return await fn();
  } finally {
    await dropViews(client, created);
  }
}

/**
 * Executes a plan that holds SQL with DataFrame references: as it is when the server takes WithRelations
 * (`legacy()` false), else with its references as temp views for this one execution. The operation id
 * is known at once (callers show and interrupt it) though the views are created before it starts.
 */
export function executeWithSqlRefs(client: Pick<SessionClient, 'execute'>, legacy: () => Promise<boolean>,
  plan: spark.connect.IPlan, opts: ExecuteOptions = {}): ExecutionLike {
  const operationId = opts.operationId ?? randomUUID();
  let inner: ExecutionLike | undefined;
  let cancelled = false;
  const signal = opts.signal;
  async function* events() {
    if (!(await legacy())) {
      if (cancelled) throw cancelledError(signal);
      inner = client.execute(plan, { ...opts, operationId });
      yield* inner;
      return;
    }
    const { node, views } = lowerSqlRefs(plan);
    const created: string[] = [];
    try {
      for (const v of views) {
        if (cancelled) break;
        await createView(client, v, signal);
        created.push(v.alias);
      }
      if (cancelled) throw cancelledError(signal);
      inner = client.execute(node, { ...opts, operationId });
      yield* inner;
    } finally {
      await dropViews(client, created);
    }
  }
  const iterable = events();
  return {
    operationId,
    cancel: async () => {
      cancelled = true;
      if (inner) await inner.cancel();
    },
    [Symbol.asyncIterator]: () => iterable,
  };
}

/**
 * AnalyzePlan (schema, explain, tree string...) of a plan that may hold SQL with DataFrame references:
 * as it is when the server takes WithRelations (`legacy()` false), else on the lowered plan with the
 * references as temp views for this one call, dropped after it. Analysis runs nothing: the views only
 * let Spark 3.5 resolve the names, exactly as for an execution.
 */
export async function analyzeWithSqlRefs(client: Pick<SessionClient, 'execute' | 'analyze'>, legacy: () => Promise<boolean>,
  body: AnalyzeBody, opts?: CallOptions): Promise<spark.connect.AnalyzePlanResponse.$Properties> {
  if (!hasSqlRefs(body) || !(await legacy())) return client.analyze(body, opts);
  const { node, views } = lowerSqlRefs(body);
  return withTempViews(client, views, () => client.analyze(node, opts), opts?.signal);
}
