// Whether a Python file is PySpark code, for the editor's context key: Ctrl+Enter runs a .py file on
// Spark only when it is, so that in any other Python file the key keeps doing what it did. A cheap test
// on the text (it runs as the user types), never used to decide what code means.
const IMPORTS_PYSPARK = /^[ \t]*(?:from|import)[ \t]+pyspark\b/m;
// Notebook-style code uses the ambient `spark` session without importing anything.
const USES_SPARK = /\bspark[ \t]*\.[ \t]*(?:sql|table|range|read|createDataFrame|catalog|conf|udf)\b/;

export function looksLikePySpark(text: string): boolean {
  return IMPORTS_PYSPARK.test(text) || USES_SPARK.test(text);
}
