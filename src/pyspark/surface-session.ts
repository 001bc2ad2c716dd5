// The `spark` object (SparkSession), SparkSession.builder, spark.conf and spark.catalog.
// spark.sql builds the SQL relation lazily; a SQL statement that is a command (CREATE, INSERT, SET...)
// also gets a step, so it runs at its place in the code even when its result is never used.
import { DataFrame } from '../connect/dataframe';
import { spark as proto } from '../connect/generated/spark-connect';
import { newRelation } from '../connect/plan-ids';
import type { SparkSession } from '../connect/session';
import { lowerSqlRefs, sqlWithRefs, withTempViews, type SqlRef } from '../connect/plan-refs';
import { isQueryStatement } from '../sql/statement-kind';
import { bind, int, optInt, str } from './args';
import { EvalContext, unsupported } from './context';
import type { SourceSpan } from './run-api';
import { reprResult, strOf, typeName } from './format';
import { localRelation } from './local-data';
import { PyOpError } from './operators';
import { literalExpr } from './py-literals';
import { ActionValue } from './steps';
import { PyReader } from './surface-io';
import { CallArgs, PyBuiltin, PyDict, PyList, PyTuple, sequenceItems } from './values';
import { Row } from '../connect/row';

type Expr = proto.connect.IExpression;

/** A value the server returned, as the evaluator's Python value (ints exact, lists and rows walkable). */
export function fromResult(v: unknown): unknown {
  // numbers stay floats (count() gives its int itself); rows come typed from py-results.ts
  if (Array.isArray(v)) return new PyList(v.map(fromResult));
  return v;
}

/** Registers an action step and returns its value (known in the run phase). */
export function action(ctx: EvalContext, a: CallArgs, what: string, compute: (signal?: AbortSignal) => Promise<unknown>,
  df?: DataFrame): ActionValue {
  const v = new ActionValue(what, a.span, async (signal) => fromResult(await compute(signal)), (x) => reprResult(x), df?.relation);
  ctx.addStep(v.step);
  return v;
}

/**
 * The session the code evaluated now runs on. A builder that earlier code made (a notebook's earlier
 * cell imported SparkSession) holds that code's session; once spark.stop() ended it, getOrCreate()
 * gives this one instead, as PySpark's does after a stop.
 */
let currentSession: SparkSession | undefined;
export function setCurrentSession(session: SparkSession): void {
  currentSession = session;
}

/**
 * SparkSession.builder: every chain gives the session the code was given. A notebook's plumbing (see
 * run-api.ts) gets a one-line note where the code asks for something else: .remote(url) naming another
 * server says where the code really runs; .master(...) is ignored with a note.
 */
export class SessionBuilder {
  constructor(private readonly session: SparkSession, private readonly ctx?: EvalContext) {}
  attribute(name: string): unknown {
    switch (name) {
      case 'remote': case 'master':
        return new PyBuiltin(name, (a) => {
          const plumbing = this.ctx?.plumbing;
          const arg = a.pos[0] ?? a.kw.values().next().value;
          if (!plumbing || typeof arg !== 'string') return this;
          const asked = `SparkSession.builder.${name}(${JSON.stringify(arg)})`;
          if (name === 'remote' && plumbing.remote !== undefined && sameServer(arg, plumbing.remote)) return this;
          const text = name === 'remote'
            ? `${asked} is not followed: this code runs on ${plumbing.runsOn}`
            : `${asked} is ignored: this code runs on the Spark Connect server of ${plumbing.runsOn}`;
          this.ctx!.addStep({ span: a.span, label: `builder.${name}`, emit: true, run: () => Promise.resolve({ kind: 'text', text, span: a.span }) });
          return this;
        });
      case 'appName': case 'config': case 'enableHiveSupport':
        return new PyBuiltin(name, () => this);
      case 'getOrCreate': case 'create':
        return new PyBuiltin(name, () => (this.session.isStopped && currentSession ? currentSession : this.session));
      default: return undefined;
    }
  }
}

/** Whether two sc:// URLs name the same host and port (parameters such as tokens do not count). */
function sameServer(a: string, b: string): boolean {
  const hostPort = (u: string) => {
    const m = /^sc:\/\/(\[[^\]]+\]|[^:/;]+)(?::(\d+))?/i.exec(u.trim());
    if (!m) return u.trim();
    const host = m[1].toLowerCase().replace(/^(127\.0\.0\.1|\[::1\])$/, 'localhost');
    return `${host}:${m[2] ?? '15002'}`;
  };
  return hostPort(a) === hostPort(b);
}

class PyConf {
  constructor(private readonly session: SparkSession, private readonly ctx: EvalContext) {}
  attribute(name: string): unknown {
    const ctx = this.ctx;
    switch (name) {
      case 'set': return new PyBuiltin(name, (a) => {
        const b = bind(a, 'set', 'key, value');
        const key = str(b['key'], 'key');
        const value = b['value'];
        const text = typeof value === 'boolean' ? String(value) : strOf(value);
        ctx.addStep({ span: a.span, label: 'spark.conf.set', emit: false, run: async (signal) => {
          await this.session.conf.set(key, text, signal ? { signal } : undefined);
          return undefined;
        } });
        return null;
      });
      case 'unset': return new PyBuiltin(name, (a) => {
        const key = str(bind(a, 'unset', 'key')['key'], 'key');
        ctx.addStep({ span: a.span, label: 'spark.conf.unset', emit: false, run: async (signal) => {
          await this.session.conf.unset(key, signal ? { signal } : undefined);
          return undefined;
        } });
        return null;
      });
      case 'get': return new PyBuiltin(name, (a) => {
        const b = bind(a, 'get', 'key, default=');
        const key = str(b['key'], 'key');
        const dflt = b['default'] === undefined ? undefined : b['default'] === null ? null : strOf(b['default']);
        return action(ctx, a, `spark.conf.get(${key})`, (signal) => this.session.conf.get(key, dflt, signal ? { signal } : undefined));
      });
      default: return undefined;
    }
  }
}

const CATALOG_METHODS = new Set([
  'currentCatalog', 'setCurrentCatalog', 'listCatalogs', 'currentDatabase', 'setCurrentDatabase', 'listDatabases',
  'getDatabase', 'databaseExists', 'listTables', 'getTable', 'tableExists', 'listColumns', 'listFunctions',
  'getFunction', 'functionExists', 'dropTempView', 'dropGlobalTempView', 'isCached', 'cacheTable', 'uncacheTable',
  'clearCache', 'refreshTable', 'refreshByPath', 'recoverPartitions', 'listViews',
]);

class PyCatalog {
  constructor(private readonly session: SparkSession, private readonly ctx: EvalContext) {}
  attribute(name: string): unknown {
    if (!CATALOG_METHODS.has(name)) return undefined;
    return new PyBuiltin(name, (a) => {
      if (a.kw.size > 0) throw new PyOpError(`spark.catalog.${name}: pass arguments by position`);
      const args = a.pos.map((v) => (typeof v === 'bigint' ? Number(v) : v));
      const catalog = this.session.catalog as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>;
      return action(this.ctx, a, `spark.catalog.${name}()`, (signal) => catalog[name]!.call(this.session.catalog, ...args, signal ? { signal } : undefined));
    });
  }
}

export function sessionAttribute(session: SparkSession, name: string, ctx: EvalContext, span: SourceSpan): unknown {
  const m = (f: (a: CallArgs) => unknown) => new PyBuiltin(name, f);
  switch (name) {
    case 'sql': return m((a) => sqlCall(session, a, ctx));
    case 'table': return m((a) => session.table(str(bind(a, 'table', 'tableName')['tableName'], 'tableName')));
    case 'range': return m((a) => {
      const b = bind(a, 'range', 'start, end=, step=, numPartitions=');
      const start = big(b['start'], 'start');
      const end = b['end'] === undefined || b['end'] === null ? undefined : big(b['end'], 'end');
      const step = b['step'] === undefined || b['step'] === null ? 1n : big(b['step'], 'step');
      return session.range(start, end, step, optInt(b['numPartitions'], 'numPartitions'));
    });
    case 'read': return new PyReader(session);
    case 'createDataFrame': return m((a) => {
      const b = bind(a, 'createDataFrame', 'data, schema=, samplingRatio=, verifySchema=');
      return new DataFrame(session, newRelation({ localRelation: localRelation(b['data'], b['schema']) }));
    });
    case 'conf': return new PyConf(session, ctx);
    case 'catalog': return new PyCatalog(session, ctx);
    case 'version': return action(ctx, { pos: [], kw: new Map(), span }, 'spark.version', (signal) => session.version(signal ? { signal } : undefined));
    case 'stop': return m((a) => {
      // The runner's session belongs to the caller: a notebook's plumbing ends it at this step (the next
      // cell gets a fresh one); other callers keep it.
      const plumbing = ctx.plumbing;
      if (plumbing) {
        ctx.addStep({ span: a.span, label: 'spark.stop()', emit: true, run: async (signal) => {
          await plumbing.stop(signal);
          return { kind: 'text', text: `spark.stop(): the server session on ${plumbing.runsOn} ends after this cell; the next cell starts a fresh one`, span: a.span };
        } });
      }
      return null;
    });
    case 'getActiveSession': case 'active': return m(() => session);
    case 'sparkContext': case 'udf': case 'udtf': case 'readStream': case 'streams': case 'newSession':
    case 'dataSource':
      throw unsupported(span, `spark.${name}`, `spark.${name} is not supported by the PySpark runner`);
    default: return undefined;
  }
}

function big(v: unknown, what: string): bigint {
  if (typeof v === 'bigint') return v;
  return BigInt(int(v, what));
}

function sqlCall(session: SparkSession, a: CallArgs, ctx: EvalContext): DataFrame {
  const b = bind(a, 'sql', 'sqlQuery, args=, **kwargs');
  let query = str(b['sqlQuery'], 'sqlQuery');
  const kwargs = b['kwargs'] as Map<string, unknown>;
  let refs: SqlRef[] = [];
  if (kwargs.size > 0) ({ query, refs } = formatSql(query, kwargs, ctx));
  const sql: proto.connect.ISQL = { query };
  const args = b['args'];
  if (args instanceof PyDict) {
    const exprs = args.pairs().map(([k, v]): [string, Expr] => [strOf(k), literalExpr(v)]);
    if (exprs.every(([, e]) => e.literal)) sql.args = Object.fromEntries(exprs.map(([k, e]) => [k, e.literal!]));
    else sql.namedArguments = Object.fromEntries(exprs);
  } else if (args !== undefined && args !== null) {
    const items = sequenceItems(args);
    if (!items) throw new PyOpError(`sql(): args should be a dict or a list, not ${typeName(args)}`);
    const exprs = items.map(literalExpr);
    if (exprs.every((e) => e.literal)) sql.posArgs = exprs.map((e) => e.literal!);
    else sql.posArguments = exprs;
  }
  // DataFrames the text names travel with it as plan references (Spark 4.x WithRelations; the session
  // turns them into temp views for each execution on Spark 3.5), never as views left on the server.
  const relation = sqlWithRefs(sql, refs);
  const df = new DataFrame(session, relation);
  if (!isQueryStatement(query)) {
    // A command runs now (in its step); later uses of its DataFrame read the command's result.
    ctx.addStep({
      span: a.span, label: 'spark.sql', emit: false, plan: { sql },
      run: async (signal) => {
        let result: proto.connect.IRelation | undefined;
        // Spark 3.5 reads the text and literal arguments on the command itself; 4.x a SQL relation.
        const legacy = Number(/^(\d+)/.exec(await session.version(signal ? { signal } : undefined))?.[1] ?? '4') < 4;
        if (legacy && (sql.namedArguments || sql.posArguments)) {
          throw new PyOpError('Spark 3.5 accepts only literal values as SQL arguments');
        }
        const sqlCommand: proto.connect.ISqlCommand = legacy
          ? { sql: query, ...(sql.args ? { args: sql.args } : {}), ...(sql.posArgs ? { posArgs: sql.posArgs } : {}) }
          : { input: relation };
        const runCommand = async () => {
          for await (const e of session.execute({ command: { sqlCommand } }, signal ? { signal } : {})) {
            if (e.kind === 'sql-command-result') result = e.relation;
          }
        };
        // Spark 3.5's command takes only the text: the DataFrames it names are temp views around it.
        if (legacy && refs.length > 0) await withTempViews(session.client, lowerSqlRefs(relation).views, runCommand, signal);
        else await runCommand();
        if (result) {
          const common = relation.common;
          for (const k of Object.keys(relation)) delete (relation as Record<string, unknown>)[k];
          Object.assign(relation, result, { common });
        }
        return undefined;
      },
    });
  }
  return df;
}

/**
 * spark.sql("... {df} ...", df=df), as PySpark formats it: a DataFrame becomes a generated name whose
 * plan travels as a reference, a string a quoted SQL literal, other values their text; {{ and }} are braces.
 */
function formatSql(query: string, kwargs: Map<string, unknown>, ctx: EvalContext): { query: string; refs: SqlRef[] } {
  const refs: SqlRef[] = [];
  const names = new Map<DataFrame, string>();
  const text = query.replace(/\{\{|\}\}|\{([A-Za-z_]\w*)\}/g, (m, name: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    if (!kwargs.has(name!)) throw new PyOpError(`sql(): no value for {${name}}`);
    const v = kwargs.get(name!);
    if (v instanceof DataFrame) {
      let alias = names.get(v);
      if (!alias) {
        alias = ctx.uniqueName('_pyspark_runner_ref_');
        names.set(v, alias);
        refs.push({ alias, input: v.relation });
      }
      return alias;
    }
    if (v instanceof PyTuple || v instanceof PyList || v instanceof Row) throw new PyOpError(`sql(): {${name}} must be a DataFrame, Column or scalar`);
    // PySpark: lit(val).sql for a str, so the value is a string literal, quotes and backslashes escaped.
    if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    return strOf(v);
  });
  return { query: text, refs };
}
