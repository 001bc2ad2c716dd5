// Our proto/** must say exactly what Spark's own protos say for everything we declare: a wrong
// number or type would corrupt messages silently. Spark's protos are read straight from the
// server jars the integration servers run, so a version bump is checked automatically.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSchemas, undeclared } from './proto-compare';
import { SPARK_PROTO_SOURCES, findConnectJar, loadOurSchema, loadSparkSchema } from './spark-protos';

const ours = loadOurSchema();

/** "field A.B.x = 3" items collapse to one line per message, to keep the output readable. */
function grouped(items: string[]): string[] {
  const byOwner = new Map<string, string[]>();
  const lines: string[] = [];
  for (const item of items) {
    const m = /^(field|enum value|rpc) (\S+)\.([^.\s]+)(?: = (\d+))?$/.exec(item);
    if (!m) {
      lines.push(item);
      continue;
    }
    const key = `${m[1]}s of ${m[2]}`;
    byOwner.set(key, [...(byOwner.get(key) ?? []), m[4] ? `${m[3]}=${m[4]}` : m[3]!]);
  }
  for (const [owner, names] of byOwner) lines.push(`${owner}: ${names.join(', ')}`);
  return lines;
}

for (const source of SPARK_PROTO_SOURCES) {
  test(`our protos conform to Spark ${source.version} (${source.mode})`, (t) => {
    const jar = findConnectJar(source);
    const spark = loadSparkSchema(jar);
    const report = compareSchemas(ours.schema, spark.schema, source.mode);
    const c = report.checked;
    t.diagnostic(`jar: ${jar} (${spark.entries.length} proto entries)`);
    t.diagnostic(
      `Spark ${source.version}: checked ${c.messages} messages, ${c.fields} fields, ${c.enums} enums, ` +
        `${c.enumValues} enum values, ${c.methods} rpcs; ${report.mismatches.length} mismatches` +
        (source.mode === 'compatible' ? `; ${report.newer.length} declarations newer than this server` : ''),
    );
    for (const line of grouped(report.newer)) t.diagnostic(`newer than ${source.version}: ${line}`);

    assert.deepEqual(report.mismatches, [], `declarations differing from Spark ${source.version}`);
    // Guards against a vacuous pass (e.g. an empty or unparsed schema on either side).
    assert.ok(c.messages >= 100 && c.fields >= 500, `too little compared: ${JSON.stringify(c)}`);
    for (const rpc of ['ExecutePlan', 'AnalyzePlan', 'Config', 'Interrupt', 'ReattachExecute', 'ReleaseExecute']) {
      assert.ok(ours.schema.services.get('spark.connect.SparkConnectService')?.methods.has(rpc), `rpc ${rpc} declared`);
    }

    if (source.mode === 'exact') {
      // A message we declare must carry all of Spark's fields (no truncated oneofs), and enums
      // all their values; whole messages we leave out are only listed.
      const left = undeclared(ours.schema, spark.schema);
      const truncated = left.filter((item) => item.startsWith('field ') || item.startsWith('enum value '));
      for (const item of left.filter((i) => !truncated.includes(i))) t.diagnostic(`not declared by us: ${item}`);
      assert.deepEqual(truncated, [], 'fields or enum values missing from messages/enums we declare');
    }
  });
}
