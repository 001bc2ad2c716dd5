// A CatalogSource in memory for the language service's unit tests, counting its calls.
import type { CatalogSource } from '../../../src/sql-language/catalog-cache';

export function fakeCatalog(): CatalogSource & { calls: string[] } {
  const calls: string[] = [];
  const columns: Record<string, Array<[string, string, string?]>> = {
    'sales.orders': [['id', 'bigint'], ['customer_id', 'bigint'], ['amount', 'decimal(10,2)', 'order total'], ['dt', 'date']],
    orders: [['id', 'bigint'], ['customer_id', 'bigint'], ['amount', 'decimal(10,2)', 'order total'], ['dt', 'date']],
    'crm.customers': [['id', 'bigint'], ['name', 'string'], ['country', 'string']],
  };
  return {
    calls,
    sparkVersion: '4.3.0',
    listCatalogs: async () => { calls.push('catalogs'); return ['spark_catalog', 'hive']; },
    listDatabases: async (c) => { calls.push(`dbs ${c}`); return [['default'], ['sales'], ['crm']]; },
    listTables: async (c, db) => {
      calls.push(`tables ${c}.${db.join('.')}`);
      if (db[0] === 'sales') return [{ name: 'orders', kind: 'table', isTemporary: false, description: 'all orders' }];
      if (db[0] === 'crm') return [{ name: 'customers', kind: 'table', isTemporary: false }];
      return [{ name: 'orders', kind: 'table', isTemporary: false }, { name: 'recent', kind: 'view', isTemporary: true, nameParts: ['recent'] }];
    },
    listColumns: async (parts) => {
      calls.push(`columns ${parts.join('.')}`);
      const cols = columns[parts.join('.').toLowerCase()];
      if (!cols) throw new Error('TABLE_OR_VIEW_NOT_FOUND');
      return cols.map(([name, type, description]) => ({ name, type, nullable: true, isPartition: false, ...(description ? { description } : {}) }));
    },
    listFunctions: async () => { calls.push('functions'); return ['abs', 'upper', 'substr', 'count', '+', 'date_format']; },
    describeFunction: async (name) => {
      calls.push(`describe ${name}`);
      if (name.toLowerCase() === 'substr') {
        return ['Function: substr', 'Class: x.Substring',
          'Usage: \n    substr(str, pos[, len]) - Returns the substring of `str` that starts at `pos`.\n\n    substr(str FROM pos[ FOR len]]) - Returns the substring.\n  ',
          'Extended Usage:\n    Arguments:\n      * str - A string.\n  \n    Examples:\n      > SELECT substr(\'Spark SQL\', 5);\n       k SQL\n  \n    Since: 1.5.0\n'];
      }
      if (name.toLowerCase() === 'upper') return ['Function: upper', 'Usage: upper(str) - Returns `str` with all characters changed to uppercase.', 'Extended Usage:\n    Since: 1.0.1\n'];
      throw new Error('ROUTINE_NOT_FOUND');
    },
    currentNamespace: async () => { calls.push('namespace'); return { catalog: 'spark_catalog', database: ['default'] }; },
  };
}
