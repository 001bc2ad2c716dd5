// `spark-connect notebook run` against the real servers: every cell in order through the notebook
// kernel, the executed .ipynb written with its outputs, the rows the same as PySpark's own client gives
// for the same SQL on the same server, and the first failing cell stopping the run (exit 1).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parseNotebookResult, RESULT_MIME } from '../../../src/protocol/notebook-output';
import { pysparkJson, sparkServers } from '../../support/servers';
import { runCli } from '../cli/run-cli';

const QUERY = "SELECT id, concat('v', id) AS s, CAST(id AS DECIMAL(10, 2)) / 4 AS q, id % 2 = 0 AS even FROM range(5)";

const cell = (source: string, language?: string) => ({
  cell_type: 'code', execution_count: null, outputs: [], source,
  metadata: language ? { vscode: { languageId: language } } : {},
});

interface SavedCell { execution_count: number | null; outputs: Array<Record<string, unknown>> }

const dir = mkdtempSync(join(tmpdir(), 'nb-run-'));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const server of sparkServers()) {
  describe(`spark-connect notebook run against ${server.name}`, () => {
    test('runs the cells in order, saves their outputs, and the rows match PySpark', async () => {
      const input = join(dir, `ok-${server.name}.ipynb`);
      const output = join(dir, `ok-${server.name}.out.ipynb`);
      const view = `nb_view_${server.name}_${process.pid}`;
      writeFileSync(input, JSON.stringify({
        cells: [
          { cell_type: 'markdown', source: '# A notebook', metadata: {} },
          cell(`CREATE OR REPLACE TEMP VIEW ${view} AS ${QUERY}`, 'sql'),
          cell(`!pip install pyspark\n`),
          cell(`%%sql\nSELECT * FROM ${view} ORDER BY id`),
        ],
        metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5,
      }));
      const r = await runCli(['notebook', 'run', '--remote', server.remote, input, '-o', output], { timeoutMs: 90_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /cell 2 \(sql\): ok/);
      assert.match(r.stdout, /cell 4 \(python\): ok/);
      const saved = JSON.parse(readFileSync(output, 'utf8')) as { cells: SavedCell[] };
      assert.deepEqual(saved.cells.slice(1).map((c) => c.execution_count), [1, 2, 3]);
      assert.equal(saved.cells[2].outputs[0].output_type, 'stream', 'the shell line is noted');
      const display = saved.cells[3].outputs[0] as { data: Record<string, unknown> };
      const payload = parseNotebookResult(display.data[RESULT_MIME]);
      assert.ok(payload, 'the result payload is saved as JSON');
      const reference = await pysparkJson<{ types: string[]; rows: string[][] }>(server, [
        `df = spark.sql("${QUERY} ORDER BY id")`,
        'result = {"types": [f.dataType.simpleString() for f in df.schema.fields],',
        '          "rows": [[str(r.id), r.s, str(r.q), "true" if r.even else "false"] for r in df.collect()]}',
      ].join('\n'));
      assert.deepEqual(payload.columns.map((c) => c.sparkType), reference.types);
      // The kept Arrow rows decode to the same values.
      const table = tableFromIPC(Buffer.from(payload.arrow ?? '', 'base64'));
      assert.equal(table.numRows, 5);
      assert.deepEqual(table.toArray().map((row) => {
        const o = row.toJSON() as Record<string, unknown>;
        return [String(o.id), o.s, o.even ? 'true' : 'false'];
      }), reference.rows.map(([id, str, , even]) => [id, str, even]));
      // The HTML table shows every value as PySpark prints it (the decimal with its scale).
      const html = (display.data['text/html'] as string[]).join('');
      const htmlRows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].slice(1)
        .map((m) => [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]));
      assert.deepEqual(htmlRows, reference.rows);
    });

    test('stops at the first failing cell with exit 1, clears the cells after it, and says why', async () => {
      const input = join(dir, `fail-${server.name}.ipynb`);
      writeFileSync(input, JSON.stringify({
        cells: [
          cell('SELECT 1 AS one', 'sql'),
          cell('SELECT no_such_column FROM range(1)', 'sql'),
          { ...cell('SELECT 2 AS two', 'sql'), execution_count: 7, outputs: [{ output_type: 'stream', name: 'stdout', text: ['stale\n'] }] },
        ],
        metadata: {}, nbformat: 4, nbformat_minor: 5,
      }));
      const r = await runCli(['notebook', 'run', '--remote', server.remote, '--format', 'json', input], { timeoutMs: 90_000 });
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { cell: number; outcome: string; error?: string });
      assert.deepEqual(lines.map((l) => [l.cell, l.outcome]), [[1, 'succeeded'], [2, 'failed'], [3, 'skipped']]);
      assert.match(lines[1].error ?? '', /UNRESOLVED_COLUMN/);
      // Without -o the notebook is written back in place.
      const saved = JSON.parse(readFileSync(input, 'utf8')) as { cells: SavedCell[] };
      assert.equal(saved.cells[1].outputs[0].output_type, 'error');
      assert.equal(saved.cells[1].outputs[0].ename, 'UNRESOLVED_COLUMN.WITH_SUGGESTION');
      assert.deepEqual(saved.cells[2].outputs, [], 'a cell that did not run keeps no stale output');
      assert.equal(saved.cells[2].execution_count, null);
    });
  });
}
