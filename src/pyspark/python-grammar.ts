// The Python grammar (@lezer/python) and lezer's tree fragments, re-exported from one module: esbuild.mjs
// builds it once as dist/shared-python-grammar.js, so the bundles that parse Python (the client's PySpark
// runner, the editor's dependency slice, the notebook kernel, the SQL regions in Python strings) share one
// copy of the parser in the .vsix and in memory instead of carrying one each.
export { parser } from '@lezer/python';
export { TreeBuffer, TreeFragment } from '@lezer/common';
