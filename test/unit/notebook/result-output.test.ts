import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Int32, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { resultOutputItems, type CollectedResult } from '../../../src/notebook/result-output';
import { RESULT_MIME, parseNotebookResult } from '../../../src/protocol/notebook-output';
import {
  NotebookCellData, NotebookCellOutput, NotebookCellOutputItem, NotebookData, ipynbExtensionDir, loadIpynbSerializer,
  type IpynbSerializer,
} from '../../support/vscode-ipynb-serializer';

function result(rows: number, opts: Partial<CollectedResult> = {}): CollectedResult {
  const ids = Int32Array.from({ length: rows }, (_, i) => i);
  const names = Array.from({ length: rows }, (_, i) => (i === 1 ? '<script>alert(1)</script>' : `name ${i} ${'x'.repeat(i % 40)}`));
  // Several batches, as Spark sends them: each its own IPC stream.
  const batches: Uint8Array[] = [];
  for (let from = 0; from < rows; from += 1000) {
    const to = Math.min(rows, from + 1000);
    batches.push(tableToIPC(new Table({
      id: vectorFromArray(Array.from(ids.slice(from, to)), new Int32()), name: vectorFromArray(names.slice(from, to), new Utf8()),
    }), 'stream'));
  }
  return {
    columns: [{ name: 'id', sparkType: 'int', nullable: false }, { name: 'name', sparkType: 'string', nullable: true }],
    batches, rowCount: rows, limited: false, elapsedMs: 12, ...opts,
  };
}

const text = (d: Uint8Array) => new TextDecoder().decode(d);
const itemOf = (items: { mime: string; data: Uint8Array }[], mime: string) => {
  const i = items.find((x) => x.mime === mime);
  assert.ok(i, `no ${mime} item`);
  return i;
};

describe('resultOutputItems', () => {
  it('keeps a small result whole: its rows decode from the base64 Arrow', () => {
    const items = resultOutputItems(result(20));
    const payload = parseNotebookResult(JSON.parse(text(itemOf(items, RESULT_MIME).data)));
    assert.ok(payload);
    assert.equal(payload.rowCount, 20);
    assert.equal(payload.keptRows, 20);
    assert.equal(payload.truncated, false);
    const table = tableFromIPC(Buffer.from(payload.arrow ?? '', 'base64'));
    assert.equal(table.numRows, 20);
    assert.equal(table.getChild('id')?.get(19), 19);
  });

  it('escapes every value in the HTML table', () => {
    const html = text(itemOf(resultOutputItems(result(5)), 'text/html').data);
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.equal((html.match(/<tr>/g) ?? []).length, 1 + 5);
  });

  it('caps a large result at the byte limit and says how many rows it kept', () => {
    const maxBytes = 64 * 1024;
    const items = resultOutputItems(result(50_000), { maxBytes, previewRows: 100 });
    const total = items.reduce((n, i) => n + i.data.byteLength, 0);
    assert.ok(total <= maxBytes, `${total} bytes > ${maxBytes}`);
    const payload = parseNotebookResult(JSON.parse(text(itemOf(items, RESULT_MIME).data)));
    assert.ok(payload);
    assert.equal(payload.rowCount, 50_000);
    assert.equal(payload.truncated, true);
    assert.ok(payload.keptRows > 100, `kept only ${payload.keptRows} rows`);
    assert.equal(tableFromIPC(Buffer.from(payload.arrow ?? '', 'base64')).numRows, payload.keptRows);
    assert.match(text(itemOf(items, 'text/plain').data), /50,000 rows × 2 columns; the notebook keeps the first [\d,]+ rows/);
    assert.match(text(itemOf(items, 'text/html').data), /Showing the first 100 rows of 50,000 rows/);
  });

  it('the default cap keeps a result within 256 KB', () => {
    const items = resultOutputItems(result(100_000));
    assert.ok(items.reduce((n, i) => n + i.data.byteLength, 0) <= 256 * 1024);
  });

  it('says when the server row limit cut the result', () => {
    const items = resultOutputItems(result(10, { limited: true }));
    assert.match(text(itemOf(items, 'text/plain').data), /more rows exist on the server/);
    assert.equal(parseNotebookResult(JSON.parse(text(itemOf(items, RESULT_MIME).data)))?.limited, true);
  });

  it('an empty result keeps its columns', () => {
    const items = resultOutputItems({ ...result(0), batches: [] });
    const payload = parseNotebookResult(JSON.parse(text(itemOf(items, RESULT_MIME).data)));
    assert.equal(payload?.rowCount, 0);
    assert.deepEqual(payload?.columns.map((c) => c.name), ['id', 'name']);
  });
});

describe('notebook outputs through VS Code\'s own .ipynb serializer', () => {
  const dir = ipynbExtensionDir();
  const serializers: IpynbSerializer[] = [];
  after(() => { for (const s of serializers) s.dispose?.(); });
  const token = { isCancellationRequested: false };

  for (const experimental of [true, false]) {
    it(`survive save and reopen unchanged (${experimental ? 'worker' : 'in-process'} save path)`,
      { skip: dir ? false : 'code-server is not installed (bash scripts/install-code-server.sh): the serializer ships inside it' }, async () => {
        const serializer = loadIpynbSerializer(dir ?? '', experimental);
        serializers.push(serializer);
        const items = resultOutputItems(result(3000));
        const cell = new NotebookCellData(2, 'df = spark.range(3000)\ndf', 'python');
        cell.outputs = [new NotebookCellOutput(items.map((i) => new NotebookCellOutputItem(i.data, i.mime)))];
        cell.metadata = {};
        const nb = new NotebookData([cell]);
        nb.metadata = { metadata: {}, nbformat: 4, nbformat_minor: 5 };
        const saved = await serializer.serializeNotebook(nb, token);
        const reopened = await serializer.deserializeNotebook(saved, token);
        const back = reopened.cells[0].outputs?.[0].items ?? [];
        assert.deepEqual(back.map((i) => i.mime).sort(), items.map((i) => i.mime).sort());
        const before = parseNotebookResult(JSON.parse(text(itemOf(items, RESULT_MIME).data)));
        const after2 = parseNotebookResult(JSON.parse(text(itemOf(back, RESULT_MIME).data)));
        assert.deepEqual(after2, before);
        const table = tableFromIPC(Buffer.from(after2?.arrow ?? '', 'base64'));
        assert.equal(table.numRows, before?.keptRows);
        assert.equal(text(itemOf(back, 'text/html').data), text(itemOf(items, 'text/html').data));
        // The file grows by at most the cap (plus the JSON indentation the serializer adds).
        assert.ok(saved.byteLength < 256 * 1024 * 1.1, `${saved.byteLength} bytes saved`);
      });
  }

  it('raw Arrow bytes in a custom MIME type do NOT survive (why the payload is base64 JSON)',
    { skip: dir ? false : 'code-server is not installed' }, async () => {
      const serializer = loadIpynbSerializer(dir ?? '', false);
      serializers.push(serializer);
      const raw = result(100).batches[0];
      const cell = new NotebookCellData(2, 'x', 'python');
      cell.outputs = [new NotebookCellOutput([new NotebookCellOutputItem(raw, 'application/vnd.spark-connect.arrow')])];
      cell.metadata = {};
      const nb = new NotebookData([cell]);
      nb.metadata = { metadata: {}, nbformat: 4, nbformat_minor: 5 };
      const back = await serializer.deserializeNotebook(await serializer.serializeNotebook(nb, token), token);
      assert.notDeepEqual(back.cells[0].outputs?.[0].items[0].data, raw);
    });
});
