// Column methods and WindowSpec / Window under PySpark's names. Arguments that PySpark takes as values
// (isin, when, contains, getItem, ...) become literals; a str there is a string, not a column name.
import { Column } from '../connect/column';
import { DataType } from '../connect/data-types';
import { WindowSpec } from '../connect/window';
import { bind, colOrName, flatList, str } from './args';
import { typeName } from './format';
import { PyOpError } from './operators';
import { toLiteralColumn } from './py-literals';
import { CallArgs, PyBuiltin, PyDict, PyModule } from './values';

function dataTypeArg(v: unknown): string | DataType {
  if (typeof v === 'string' || v instanceof DataType) return v;
  throw new PyOpError(`cast() takes a DDL type string or a DataType, got ${typeName(v)}`);
}

function intOrColumn(v: unknown, what: string): number | Column {
  if (v instanceof Column) return v;
  if (typeof v === 'bigint') return Number(v);
  throw new PyOpError(`${what} should be an int or a Column, got ${typeName(v)}`);
}

export function columnAttribute(c: Column, name: string): unknown {
  const m = (f: (a: CallArgs) => unknown) => new PyBuiltin(name, f);
  const lit = toLiteralColumn;
  switch (name) {
    case 'alias': case 'name': return m((a) => {
      const b = bind(a, name, '*alias, metadata=');
      const names = (b['alias'] as unknown[]).map((x) => str(x, 'alias'));
      if (names.length === 0) throw new PyOpError('alias() needs a name');
      const md = b['metadata'];
      if (md instanceof PyDict) return c.alias(names[0]!, { metadata: Object.fromEntries(md.pairs().map(([k, v]) => [String(k), typeof v === 'bigint' ? Number(v) : v])) });
      return c.alias(...names as [string, ...string[]]);
    });
    case 'cast': case 'astype': return m((a) => c.cast(dataTypeArg(bind(a, name, 'dataType')['dataType'])));
    case 'try_cast': return m((a) => c.try_cast(dataTypeArg(bind(a, name, 'dataType')['dataType'])));
    case 'isNull': case 'isNotNull': case 'isNaN': case 'asc': case 'desc': case 'asc_nulls_first': case 'asc_nulls_last':
    case 'desc_nulls_first': case 'desc_nulls_last': case 'outer':
      return m((a) => { bind(a, name, ''); return (c[name] as () => Column).call(c); });
    case 'isin': return m((a) => c.isin(flatList(a.pos).map(lit)));
    case 'between': return m((a) => {
      const b = bind(a, 'between', 'lowerBound, upperBound');
      return c.between(lit(b['lowerBound']), lit(b['upperBound']));
    });
    case 'like': case 'ilike': case 'rlike': return m((a) => (c[name] as (p: string) => Column).call(c, str(bind(a, name, 'other')['other'], name)));
    case 'contains': case 'startswith': case 'endswith': case 'eqNullSafe': case 'bitwiseAND': case 'bitwiseOR': case 'bitwiseXOR':
      return m((a) => (c[name] as (o: Column) => Column).call(c, lit(bind(a, name, 'other')['other'])));
    case 'substr': return m((a) => {
      const b = bind(a, 'substr', 'startPos, length');
      return c.substr(intOrColumn(b['startPos'], 'startPos') as number, intOrColumn(b['length'], 'length') as number);
    });
    case 'getItem': return m((a) => c.getItem(lit(bind(a, 'getItem', 'key')['key'])));
    case 'getField': return m((a) => c.getField(lit(bind(a, 'getField', 'name')['name'])));
    case 'withField': return m((a) => {
      const b = bind(a, 'withField', 'fieldName, col');
      if (!(b['col'] instanceof Column)) throw new PyOpError('withField(): col should be a Column');
      return c.withField(str(b['fieldName'], 'fieldName'), b['col']);
    });
    case 'dropFields': return m((a) => c.dropFields(...a.pos.map((x) => str(x, 'dropFields')) as [string, ...string[]]));
    case 'over': return m((a) => {
      const w = bind(a, 'over', 'window=')['window'];
      if (w === undefined || w === null) return c.over(new WindowSpec());
      if (!(w instanceof WindowSpec)) throw new PyOpError(`over() takes a WindowSpec, got ${typeName(w)}`);
      return c.over(w);
    });
    case 'when': return m((a) => {
      const b = bind(a, 'when', 'condition, value');
      if (!(b['condition'] instanceof Column)) throw new PyOpError('when(): condition should be a Column');
      return c.when(b['condition'], lit(b['value']));
    });
    case 'otherwise': return m((a) => c.otherwise(lit(bind(a, 'otherwise', 'value')['value'])));
    case 'transform': return undefined;
  }
  if (name.startsWith('_')) return undefined;
  // col.field, like PySpark's Column.__getattr__ (a struct field or map key)
  return c.getItem(lit(name));
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function windowMethods(spec: () => WindowSpec, name: string): unknown {
  const m = (f: (a: CallArgs) => unknown) => new PyBuiltin(name, f);
  switch (name) {
    case 'partitionBy': return m((a) => spec().partitionBy(flatList(a.pos).map((x) => colOrName(x, 'partitionBy'))));
    case 'orderBy': return m((a) => spec().orderBy(flatList(a.pos).map((x) => colOrName(x, 'orderBy'))));
    case 'rowsBetween': case 'rangeBetween': return m((a) => {
      const b = bind(a, name, 'start, end');
      const bound = (v: unknown, what: string): bigint | number => {
        if (typeof v === 'bigint') return v;
        if (typeof v === 'number' && Number.isInteger(v)) return v;
        throw new PyOpError(`${name}(): ${what} should be an int, got ${typeName(v)}`);
      };
      const s = spec();
      return name === 'rowsBetween' ? s.rowsBetween(bound(b['start'], 'start'), bound(b['end'], 'end'))
        : s.rangeBetween(bound(b['start'], 'start'), bound(b['end'], 'end'));
    });
    default: return undefined;
  }
}

export function windowSpecAttribute(w: WindowSpec, name: string): unknown {
  return windowMethods(() => w, name);
}

/** pyspark.sql.Window */
export const windowModule = new PyModule('Window', new Map<string, unknown>([
  ['unboundedPreceding', LONG_MIN],
  ['unboundedFollowing', LONG_MAX],
  ['currentRow', 0n],
]), (name) => windowMethods(() => new WindowSpec(), name));
