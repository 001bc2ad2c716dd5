// dt-sql-parser's Spark dialect, and nothing else of the package (its other 7 dialects would add 6 MB).
// The package ships ESM with directory imports, which Node cannot load (ERR_UNSUPPORTED_DIR_IMPORT);
// esbuild bundles it into the extension and the CLI, and esbuild.mjs writes a CommonJS bundle of this
// same file over tsc's output in out/, which the tests run. Import this module only from
// dt-spark-grammar.ts, and only lazily.
export { SparkSQL } from 'dt-sql-parser/dist/parser/spark';
