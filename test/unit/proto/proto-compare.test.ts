// The conformance test is only worth something if its comparison catches real differences. Here
// "Spark's side" is our own proto tree with deliberate edits, and each edit must be reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { compareSchemas, undeclared } from '../../integration/protocol/proto-compare';
import { loadSchema, type SchemaModel } from '../../integration/protocol/proto-schema';
import { readProtoTree, repoRoot } from '../../integration/protocol/spark-protos';

const pristine = readProtoTree(path.join(repoRoot(__dirname), 'proto'));
const files = [...pristine.keys()].sort();
const ours = loadSchema(pristine, files);

interface Edit {
  file: string;
  from: string;
  to: string;
}

function altered(edits: Edit[]): SchemaModel {
  const texts = new Map(pristine);
  for (const e of edits) {
    const text = texts.get(e.file);
    assert.ok(text, `no ${e.file}`);
    // Each edit must hit exactly one place, or the test would silently check nothing.
    assert.equal(text.split(e.from).length, 2, `"${e.from}" must occur exactly once in ${e.file}`);
    texts.set(e.file, text.replace(e.from, e.to));
  }
  return loadSchema(texts, files);
}

const base = 'spark/connect/base.proto';
const relations = 'spark/connect/relations.proto';
const types = 'spark/connect/types.proto';

test('identical schemas compare clean and count what they checked', () => {
  const report = compareSchemas(ours, loadSchema(new Map(pristine), files), 'exact');
  assert.deepEqual(report.mismatches, []);
  assert.deepEqual(report.newer, []);
  assert.equal(report.checked.messages, ours.messages.size);
  assert.ok(report.checked.fields > 1000);
});

test('every kind of difference is reported, once each', () => {
  const theirs = altered([
    { file: base, from: '    int64 row_count = 1;', to: '    int64 row_count = 6;' },
    { file: relations, from: 'message SQL {\n  string query = 1;', to: 'message SQL {\n  bytes query = 1;' },
    {
      file: base,
      from: '  oneof op_type {\n    Relation root = 1;\n    Command command = 2;\n',
      to: '  Command command = 2;\n  oneof op_type {\n    Relation root = 1;\n',
    },
    { file: base, from: '  repeated string tags = 7;', to: '  string tags = 7;' },
    { file: relations, from: '  map<string, Expression> named_arguments = 4;', to: '  map<int32, Expression> named_arguments = 4;' },
    { file: base, from: 'EXPLAIN_MODE_COST = 4;', to: 'EXPLAIN_MODE_COST = 9;' },
    { file: base, from: 'returns (stream ExecutePlanResponse) {}\n  rpc AnalyzePlan', to: 'returns (ExecutePlanResponse) {}\n  rpc AnalyzePlan' },
    { file: types, from: '    optional DataType sql_type = 5;', to: '    DataType sql_type = 5;' },
  ]);
  const report = compareSchemas(ours, theirs, 'exact');
  const expected: Array<[string, RegExp]> = [
    ['wrong number', /^spark\.connect\.ExecutePlanResponse\.ArrowBatch\.row_count: number 1 vs 6/],
    ['wrong type', /^spark\.connect\.SQL\.query: type string vs bytes/],
    ['wrong oneof', /^spark\.connect\.Plan\.command: oneof op_type vs -/],
    ['wrong label', /^spark\.connect\.ExecutePlanRequest\.tags: label repeated vs singular/],
    ['wrong map key', /^spark\.connect\.SQL\.named_arguments: map key string vs int32/],
    ['wrong enum number', /^spark\.connect\.AnalyzePlanRequest\.Explain\.ExplainMode\.EXPLAIN_MODE_COST: number 4 vs 9/],
    ['wrong streaming', /^spark\.connect\.SparkConnectService\.ExecutePlan: response streaming differs/],
    ['optional dropped', /^spark\.connect\.DataType\.UDT\.sql_type: label optional vs singular/],
  ];
  for (const [what, pattern] of expected) {
    assert.equal(report.mismatches.filter((m) => pattern.test(m)).length, 1, `${what} reported once in:\n${report.mismatches.join('\n')}`);
  }
  assert.equal(report.mismatches.length, expected.length, report.mismatches.join('\n'));
});

test('a field number that means another field is a mismatch in either mode', () => {
  const theirs = altered([{ file: relations, from: 'message SQL {\n  string query = 1;', to: 'message SQL {\n  string statement = 1;' }]);
  for (const mode of ['exact', 'compatible'] as const) {
    const report = compareSchemas(ours, theirs, mode);
    assert.equal(report.mismatches.length, 1, report.mismatches.join('\n'));
    assert.match(report.mismatches[0]!, /^spark\.connect\.SQL\.query: number 1 is "string statement = 1" in Spark/);
  }
});

test('an enum number reused by another name is a mismatch', () => {
  const theirs = altered([{ file: base, from: 'EXPLAIN_MODE_COST = 4;', to: 'EXPLAIN_MODE_PRICE = 4;' }]);
  const report = compareSchemas(ours, theirs, 'compatible');
  assert.deepEqual(report.mismatches, [
    'spark.connect.AnalyzePlanRequest.Explain.ExplainMode.EXPLAIN_MODE_COST: number 4 is EXPLAIN_MODE_PRICE in Spark',
  ]);
});

test('items missing on an older server are listed, not failed; on the mirrored version they fail', () => {
  const theirs = altered([
    { file: base, from: '    optional int64 start_offset = 3;\n', to: '' },
    { file: base, from: '  rpc FetchErrorDetails(FetchErrorDetailsRequest) returns (FetchErrorDetailsResponse) {}\n', to: '' },
  ]);
  const compatible = compareSchemas(ours, theirs, 'compatible');
  assert.deepEqual(compatible.mismatches, []);
  assert.deepEqual(compatible.newer.sort(), [
    'field spark.connect.ExecutePlanResponse.ArrowBatch.start_offset = 3',
    'rpc spark.connect.SparkConnectService.FetchErrorDetails',
  ]);

  const exact = compareSchemas(ours, theirs, 'exact');
  assert.equal(exact.mismatches.length, 2, exact.mismatches.join('\n'));
  assert.ok(exact.mismatches.every((m) => m.endsWith('not declared by Spark')));
});

test('optional vs plain on a message field is tolerated only for older servers', () => {
  const theirs = altered([{ file: types, from: '    optional DataType sql_type = 5;', to: '    DataType sql_type = 5;' }]);
  assert.deepEqual(compareSchemas(ours, theirs, 'compatible').mismatches, []);
  assert.equal(compareSchemas(ours, theirs, 'exact').mismatches.length, 1);
  // The same relaxation must not apply to scalars, where optional changes presence tracking.
  const scalar = altered([{ file: base, from: '    optional int64 start_offset = 3;', to: '    int64 start_offset = 3;' }]);
  assert.equal(compareSchemas(ours, scalar, 'compatible').mismatches.length, 1);
});

test('undeclared() finds a field Spark has that our message lacks', () => {
  const theirs = altered([{ file: relations, from: 'message SQL {\n  string query = 1;', to: 'message SQL {\n  string query = 1;\n  string dialect = 77;' }]);
  assert.deepEqual(undeclared(ours, theirs), ['field spark.connect.SQL.dialect = 77']);
});

test('a declaration in another file than Spark puts it fails only against the mirrored version', () => {
  const theirs = loadSchema(new Map(pristine), files);
  const plan = theirs.messages.get('spark.connect.Plan');
  assert.ok(plan);
  plan.file = 'spark/connect/relations.proto';
  assert.deepEqual(compareSchemas(ours, theirs, 'exact').mismatches, [
    'spark.connect.Plan: declared in spark/connect/base.proto, Spark declares it in spark/connect/relations.proto',
  ]);
  assert.deepEqual(compareSchemas(ours, theirs, 'compatible').mismatches, []);
});
