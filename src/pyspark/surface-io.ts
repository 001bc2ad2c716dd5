// spark.read chains and df.write chains, PySpark's way: builder calls with keyword options (None
// skipped, bools as "true"/"false"), then a terminal call (load/csv/json/... or save/saveAsTable/...).
// Reading builds a plan; writing records a step that runs the WriteOperation command in order.
import { DataFrame } from '../connect/dataframe';
import { DataFrameReader } from '../connect/reader';
import { StructType } from '../connect/data-types';
import { spark } from '../connect/generated/spark-connect';
import { runCommand } from '../connect/dataframe-actions';
import type { SessionCore } from '../connect/session-core';
import { bind, str, strList } from './args';
import { EvalContext, unsupported } from './context';
import { strOf, typeName } from './format';
import { PyOpError } from './operators';
import { CallArgs, PyBuiltin, PyDict, sequenceItems } from './values';

/** PySpark's to_str for option values. */
export function optionText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return strOf(v);
}

function addOptions(target: Map<string, string>, kw: Map<string, unknown> | PyDict | undefined): void {
  if (!kw) return;
  const pairs = kw instanceof PyDict ? kw.pairs() : [...kw];
  for (const [k, v] of pairs) {
    const t = optionText(v);
    if (t !== undefined) target.set(String(k), t);
  }
}

/** What spark.read and df.write both configure the same way: the data source and its options. */
interface SourceAndOptions {
  source?: string;
  readonly options: Map<string, string>;
}

/** format(source), option(key, value) and options(**kw) of a reader or writer, returning it for chaining. */
function sourceAndOptions<T extends SourceAndOptions>(name: 'format' | 'option' | 'options', target: T): PyBuiltin {
  return new PyBuiltin(name, (a) => {
    if (name === 'format') {
      target.source = str(bind(a, 'format', 'source')['source'], 'source');
    } else if (name === 'option') {
      const b = bind(a, 'option', 'key, value');
      const t = optionText(b['value']);
      if (t !== undefined) target.options.set(str(b['key'], 'key'), t);
    } else {
      const b = bind(a, 'options', '*dicts, **options');
      for (const d of b['dicts'] as unknown[]) addOptions(target.options, d as PyDict);
      addOptions(target.options, b['options'] as Map<string, unknown>);
    }
    return target;
  });
}

function rejectLocalPath(path: string, span: CallArgs['span'], what: string): void {
  if (/^file:/i.test(path)) {
    throw unsupported(span, what, `${what} of a local file URL (${path}) is not supported: paths are read and written by the Spark server`);
  }
}

/** spark.read */
export class PyReader implements SourceAndOptions {
  source?: string;
  private schemaValue?: StructType | string;
  readonly options = new Map<string, string>();

  constructor(private readonly session: SessionCore) {}

  attribute(name: string, ctx: EvalContext): unknown {
    const m = (f: (a: CallArgs) => unknown) => new PyBuiltin(name, f);
    const load = (format: string | undefined) => m((a) => {
      // PySpark's signatures: load(path=None, format=None, schema=None), parquet(*paths), csv/json/xml(path,
      // schema=None), orc(path), text(paths); every other keyword is an option. A path may be a list.
      const b = bind(a, name, name === 'parquet' ? '*paths, **options' : format === undefined ? 'path=, format=, schema=, **options'
        : format === 'text' ? 'paths, **options' : format === 'orc' ? 'path, **options' : 'path, schema=, **options');
      if (b['format'] !== undefined && b['format'] !== null) this.source = str(b['format'], 'format');
      if (format) this.source = format;
      if (b['schema'] !== undefined && b['schema'] !== null) this.setSchema(b['schema']);
      addOptions(this.options, b['options'] as Map<string, unknown>);
      const one = format === 'text' ? b['paths'] : b['path'];
      const given = name === 'parquet' ? b['paths'] as unknown[] : one === undefined || one === null ? [] : [one];
      const paths = given.flatMap((p) => strList(p, 'path'));
      for (const p of paths) rejectLocalPath(p, a.span, `spark.read.${name}`);
      return this.build(paths);
    });
    switch (name) {
      case 'format': case 'option': case 'options': return sourceAndOptions(name, this);
      case 'schema': return m((a) => { this.setSchema(bind(a, 'schema', 'schema')['schema']); return this; });
      case 'load': return load(undefined);
      case 'csv': case 'json': case 'parquet': case 'orc': case 'text': case 'xml': return load(name);
      case 'table': return m((a) => new DataFrameReader(this.session).options(Object.fromEntries(this.options)).table(str(bind(a, 'table', 'tableName')['tableName'], 'tableName')));
      case 'jdbc': return m((a) => { throw unsupported(a.span, 'spark.read.jdbc', 'spark.read.jdbc is not supported by the PySpark runner; use format("jdbc") with options'); });
      default: void ctx; return undefined;
    }
  }

  private setSchema(v: unknown): void {
    if (v instanceof StructType || typeof v === 'string') this.schemaValue = v;
    else throw new PyOpError(`schema should be a StructType or a DDL string, not ${typeName(v)}`);
  }

  private build(paths: string[]): DataFrame {
    const r = new DataFrameReader(this.session);
    if (this.source) r.format(this.source);
    if (this.schemaValue !== undefined) r.schema(this.schemaValue);
    r.options(Object.fromEntries(this.options));
    return r.load(paths.length === 0 ? undefined : paths.length === 1 ? paths[0] : paths);
  }
}

const SAVE_MODES: Record<string, spark.connect.WriteOperation.SaveMode> = {
  append: spark.connect.WriteOperation.SaveMode.SAVE_MODE_APPEND,
  overwrite: spark.connect.WriteOperation.SaveMode.SAVE_MODE_OVERWRITE,
  error: spark.connect.WriteOperation.SaveMode.SAVE_MODE_ERROR_IF_EXISTS,
  errorifexists: spark.connect.WriteOperation.SaveMode.SAVE_MODE_ERROR_IF_EXISTS,
  default: spark.connect.WriteOperation.SaveMode.SAVE_MODE_ERROR_IF_EXISTS,
  ignore: spark.connect.WriteOperation.SaveMode.SAVE_MODE_IGNORE,
};

/** df.write */
export class PyWriter implements SourceAndOptions {
  source?: string;
  private mode?: string;
  readonly options = new Map<string, string>();
  private partitionBy: string[] = [];
  private sortBy: string[] = [];
  private bucketBy?: { n: number; cols: string[] };

  constructor(private readonly df: DataFrame) {}

  attribute(name: string, ctx: EvalContext): unknown {
    const m = (f: (a: CallArgs) => unknown) => new PyBuiltin(name, f);
    switch (name) {
      case 'format': case 'option': case 'options': return sourceAndOptions(name, this);
      case 'mode': return m((a) => { this.setMode(bind(a, 'mode', 'saveMode')['saveMode']); return this; });
      case 'partitionBy': return m((a) => { this.partitionBy = colNames(a.pos); return this; });
      case 'sortBy': return m((a) => { this.sortBy = colNames(a.pos); return this; });
      case 'bucketBy': return m((a) => {
        const [n, ...cols] = a.pos;
        this.bucketBy = { n: Number(n as bigint), cols: colNames(cols) };
        return this;
      });
      case 'save': return m((a) => {
        const b = bind(a, 'save', 'path=, format=, mode=, partitionBy=, **options');
        this.common(b);
        const path = b['path'] === undefined || b['path'] === null ? undefined : str(b['path'], 'path');
        if (path) rejectLocalPath(path, a.span, 'df.write.save');
        return this.step(ctx, a, path === undefined ? {} : { path }, `saved ${this.source ?? 'data'}${path ? ` to ${path}` : ''}`);
      });
      case 'csv': case 'json': case 'parquet': case 'orc': case 'text': case 'xml': return m((a) => {
        const b = bind(a, name, 'path, mode=, partitionBy=, **options');
        this.source = name;
        this.common(b);
        const path = str(b['path'], 'path');
        rejectLocalPath(path, a.span, `df.write.${name}`);
        return this.step(ctx, a, { path }, `wrote ${name} to ${path}`);
      });
      case 'saveAsTable': return m((a) => {
        const b = bind(a, 'saveAsTable', 'name, format=, mode=, partitionBy=, **options');
        this.common(b);
        const tableName = str(b['name'], 'name');
        return this.step(ctx, a, { table: { tableName, saveMethod: spark.connect.WriteOperation.SaveTable.TableSaveMethod.TABLE_SAVE_METHOD_SAVE_AS_TABLE } },
          `saved table ${tableName}`);
      });
      case 'insertInto': return m((a) => {
        const b = bind(a, 'insertInto', 'tableName, overwrite=');
        if (b['overwrite'] === true) this.mode = 'overwrite';
        else if (b['overwrite'] === false) this.mode = 'append';
        const tableName = str(b['tableName'], 'tableName');
        return this.step(ctx, a, { table: { tableName, saveMethod: spark.connect.WriteOperation.SaveTable.TableSaveMethod.TABLE_SAVE_METHOD_INSERT_INTO } },
          `inserted into ${tableName}`);
      });
      case 'jdbc': return m((a) => { throw unsupported(a.span, 'df.write.jdbc', 'df.write.jdbc is not supported by the PySpark runner; use format("jdbc") with options'); });
      default: return undefined;
    }
  }

  private setMode(v: unknown): void {
    if (v === null || v === undefined) return;
    const mode = str(v, 'mode').toLowerCase();
    if (!(mode in SAVE_MODES)) throw new PyOpError(`Unknown save mode: ${mode}. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.`);
    this.mode = mode;
  }

  private common(b: Record<string, unknown>): void {
    if (b['format'] !== undefined && b['format'] !== null) this.source = str(b['format'], 'format');
    this.setMode(b['mode']);
    if (b['partitionBy'] !== undefined && b['partitionBy'] !== null) this.partitionBy = strList(b['partitionBy'], 'partitionBy');
    addOptions(this.options, b['options'] as Map<string, unknown>);
  }

  private step(ctx: EvalContext, a: CallArgs, target: { path?: string; table?: spark.connect.WriteOperation.ISaveTable },
    description: string): null {
    const op: spark.connect.IWriteOperation = {
      input: this.df.relation, options: Object.fromEntries(this.options),
      partitioningColumns: [...this.partitionBy], sortColumnNames: [...this.sortBy],
    };
    if (this.source !== undefined) op.source = this.source;
    if (this.mode !== undefined) op.mode = SAVE_MODES[this.mode]!;
    if (target.path !== undefined) op.path = target.path;
    if (target.table) op.table = target.table;
    if (this.bucketBy) op.bucketBy = { numBuckets: this.bucketBy.n, bucketColumnNames: this.bucketBy.cols };
    const span = a.span;
    const df = this.df;
    const text = `${description}${this.mode ? ` (mode ${this.mode})` : ''}`;
    ctx.addStep({
      span, label: 'write', emit: true, plan: df.relation,
      run: async (signal) => {
        await runCommand(df, { writeOperation: op }, signal ? { signal } : undefined);
        return { kind: 'write', description: text, span };
      },
    });
    return null;
  }
}

function colNames(values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const items = sequenceItems(v);
    if (items) out.push(...items.map((x) => str(x, 'column')));
    else out.push(str(v, 'column'));
  }
  return out;
}
