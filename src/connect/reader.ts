// spark.read: DataFrameReader, building Read relations (a named table or a data source). Python's
// keyword options (csv(path, header=True)) become an options object (csv(path, { header: true })).
import { spark } from './generated/spark-connect';
import { StructType } from './data-types';
import { DataFrame } from './dataframe';
import { newRelation } from './plan-ids';
import type { SessionCore } from './session-core';

export type OptionValue = string | number | boolean | bigint | null | undefined;

/** Reader options, plus `schema` (a DDL string or StructType) where PySpark takes schema=. */
export type ReaderOptions = { schema?: StructType | string } & Record<string, OptionValue | StructType>;

function optionText(v: OptionValue): string | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
}

export class DataFrameReader {
  private sourceFormat?: string;
  private userSchema?: string;
  private readonly opts: Record<string, string> = {};

  constructor(private readonly session: SessionCore) {}

  format(source: string): this {
    this.sourceFormat = source;
    return this;
  }

  /** The schema as a DDL string ("a INT, b STRING") or a StructType (sent as Spark's JSON form). */
  schema(schema: StructType | string): this {
    this.userSchema = typeof schema === 'string' ? schema : schema.json();
    return this;
  }

  option(key: string, value: OptionValue): this {
    const v = optionText(value);
    if (v !== undefined) this.opts[key] = v;
    return this;
  }

  options(options: Record<string, OptionValue>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  load(path?: string | string[], format?: string, schema?: StructType | string, options?: Record<string, OptionValue>): DataFrame {
    if (format !== undefined) this.format(format);
    if (schema !== undefined) this.schema(schema);
    if (options) this.options(options);
    const dataSource: spark.connect.Read.IDataSource = { options: { ...this.opts } };
    if (this.sourceFormat !== undefined) dataSource.format = this.sourceFormat;
    if (this.userSchema !== undefined && this.userSchema !== '') dataSource.schema = this.userSchema;
    const paths = path === undefined ? [] : typeof path === 'string' ? [path] : path;
    if (paths.length > 0) dataSource.paths = paths;
    return new DataFrame(this.session, newRelation({ read: { dataSource } }));
  }

  /** A catalog table or view, with this reader's options. */
  table(tableName: string): DataFrame {
    return new DataFrame(this.session, newRelation({
      read: { namedTable: { unparsedIdentifier: tableName, options: { ...this.opts } } },
    }));
  }

  csv(path: string | string[], options?: ReaderOptions): DataFrame {
    return this.withOptions('csv', path, options);
  }

  json(path: string | string[], options?: ReaderOptions): DataFrame {
    return this.withOptions('json', path, options);
  }

  orc(path: string | string[], options?: ReaderOptions): DataFrame {
    return this.withOptions('orc', path, options);
  }

  text(paths: string | string[], options?: ReaderOptions): DataFrame {
    return this.withOptions('text', paths, options);
  }

  /** parquet("a", "b", { mergeSchema: true }): paths as varargs, options last, like PySpark. */
  parquet(...paths: Array<string | ReaderOptions>): DataFrame {
    const last = paths[paths.length - 1];
    const options = typeof last === 'object' ? last : undefined;
    const list = paths.filter((p): p is string => typeof p === 'string');
    return this.withOptions('parquet', list, options);
  }

  private withOptions(format: string, path: string | string[], options?: ReaderOptions): DataFrame {
    if (options) {
      const { schema, ...rest } = options;
      if (schema !== undefined) this.schema(schema);
      for (const [k, v] of Object.entries(rest)) {
        if (v instanceof StructType) throw new TypeError(`Option '${k}' cannot be a StructType`);
        this.option(k, v);
      }
    }
    return this.load(path, format);
  }
}
