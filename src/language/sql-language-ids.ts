// The editor languages the Spark SQL language service answers for: VS Code's built-in "sql", and the
// Spark SQL language mode this extension contributes ("sparksql"). One list, used for every provider.
export const SQL_LANGUAGE_IDS: readonly string[] = ['sql', 'sparksql'];
