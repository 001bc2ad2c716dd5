// The VS Code language ids whose documents hold Spark SQL: VS Code's own 'sql' and the 'sparksql'
// mode this extension contributes (syntaxes/sparksql.tmLanguage.json). Every SQL feature (run, CodeLens,
// formatting, completion...) registers for all of them through this one list; package.json's when
// clauses and activation events name the same ids (a unit test keeps them in step).
export const SQL_LANGUAGE_IDS = ['sql', 'sparksql'] as const;

export type SqlLanguageId = (typeof SQL_LANGUAGE_IDS)[number];

/** The Spark SQL language mode this extension contributes. */
export const SPARK_SQL_LANGUAGE_ID: SqlLanguageId = 'sparksql';

export function isSqlLanguage(languageId: string): languageId is SqlLanguageId {
  return (SQL_LANGUAGE_IDS as readonly string[]).includes(languageId);
}

/** A document selector (VS Code's DocumentFilter shape) for every SQL language, files and untitled alike. */
export function sqlDocumentSelector(): Array<{ language: SqlLanguageId }> {
  return SQL_LANGUAGE_IDS.map((language) => ({ language }));
}

/**
 * Whether sparkConnect.sql.useSparkSqlLanguage switches a document to the Spark SQL mode: only a .sql
 * file that VS Code opened in its own 'sql' mode (a file associated with another language, by the user
 * or another extension, is not 'sql'; an untitled SQL buffer is no .sql file).
 */
export function switchesToSparkSql(languageId: string, path: string): boolean {
  return languageId === 'sql' && /\.sql$/i.test(path);
}
