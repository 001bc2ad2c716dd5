// Statement templates offered at the start of a statement (VS Code snippet syntax).
export interface SqlSnippet {
  label: string;
  body: string;
  description: string;
}

export const SQL_SNIPPETS: readonly SqlSnippet[] = [
  { label: 'select', body: 'SELECT ${2:*}\nFROM ${1:table}\nWHERE ${3:condition}', description: 'SELECT … FROM … WHERE' },
  { label: 'insert', body: 'INSERT INTO ${1:table} (${2:columns})\nVALUES (${3:values})', description: 'INSERT INTO … VALUES' },
  { label: 'create table', body: 'CREATE TABLE ${1:name} (\n\t${2:id} ${3:BIGINT}\n) USING ${4:parquet}', description: 'CREATE TABLE … USING' },
  { label: 'with', body: 'WITH ${1:cte} AS (\n\t${2:SELECT 1}\n)\nSELECT * FROM ${1:cte}', description: 'WITH … AS (…) SELECT' },
  { label: 'merge', body: 'MERGE INTO ${1:target} t\nUSING ${2:source} s\nON ${3:t.id = s.id}\nWHEN MATCHED THEN UPDATE SET *\nWHEN NOT MATCHED THEN INSERT *', description: 'MERGE INTO … USING … ON' },
  { label: 'temp view', body: 'CREATE OR REPLACE TEMPORARY VIEW ${1:name} AS\nSELECT ${0}', description: 'CREATE OR REPLACE TEMPORARY VIEW … AS' },
];
