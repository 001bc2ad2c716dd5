// The one module the results panel loads lazily for exporting: both ways of exporting (the loaded rows,
// and the whole result by re-running the query) share the formatting code of src/arrow-format, so they
// travel in one bundle (esbuild.mjs makes a bundle per dynamically imported module; two would each
// carry a copy of that code).
export { writeExport } from './result-export';
export { exportByRerun, ExportCancelledError } from './rerun-export';
