import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorOutput, stdoutOutput, type CellOutputData } from '../../../src/notebook/cell-outputs';
import { IpynbFormatError, parseIpynb, serializeIpynb, setCellOutputs, toNbformatOutput } from '../../../src/notebook/ipynb-file';
import { resultOutputItems } from '../../../src/notebook/result-output';
import { Int32, Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import { ipynbExtensionDir, loadIpynbSerializer, type IpynbSerializer } from '../../support/vscode-ipynb-serializer';

const nb = (cells: unknown[], metadata: unknown = { language_info: { name: 'python' } }) => JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 });

describe('parseIpynb', () => {
  it('reads cells, joining line lists, with each cell\'s language', () => {
    const doc = parseIpynb(nb([
      { cell_type: 'markdown', source: ['# Title\n', 'text'], metadata: {} },
      { cell_type: 'code', source: ['SELECT 1\n', 'FROM t'], metadata: { vscode: { languageId: 'sql' } }, outputs: [] },
      { cell_type: 'code', source: 'df = 1', metadata: {}, outputs: [] },
    ]));
    assert.deepEqual(doc.cells.map((c) => [c.kind, c.language, c.source]), [
      ['markdown', 'python', '# Title\ntext'], ['code', 'sql', 'SELECT 1\nFROM t'], ['code', 'python', 'df = 1'],
    ]);
  });

  it('rejects what is not a notebook, with why', () => {
    assert.throws(() => parseIpynb('{"cells": 3}'), IpynbFormatError);
    assert.throws(() => parseIpynb('not json'), /not a notebook/);
    assert.throws(() => parseIpynb(JSON.stringify({ cells: [], nbformat: 3 })), /nbformat 3/);
  });
});

describe('toNbformatOutput', () => {
  it('writes errors as nbformat error outputs and stdout as streams', () => {
    assert.deepEqual(toNbformatOutput(errorOutput({ name: 'X_CLASS', message: 'boom', detail: 'SQLSTATE: 42000' })), {
      output_type: 'error', ename: 'X_CLASS', evalue: 'boom', traceback: ['X_CLASS: boom', 'SQLSTATE: 42000'],
    });
    assert.deepEqual(toNbformatOutput(stdoutOutput('line one\nline two')), { output_type: 'stream', name: 'stdout', text: ['line one\n', 'line two\n'] });
  });

  it('setCellOutputs records outputs and the execution count on code cells only', () => {
    const doc = parseIpynb(nb([{ cell_type: 'markdown', source: 'x', metadata: {} }, { cell_type: 'code', source: 'y', metadata: {}, outputs: [{ old: true }], execution_count: 9 }]));
    setCellOutputs(doc, 0, [stdoutOutput('no')], 1);
    setCellOutputs(doc, 1, [stdoutOutput('yes')], 3);
    const json = JSON.parse(serializeIpynb(doc)) as { cells: Array<Record<string, unknown>> };
    assert.equal(json.cells[0].outputs, undefined);
    assert.equal(json.cells[1].execution_count, 3);
    assert.deepEqual(json.cells[1].outputs, [{ output_type: 'stream', name: 'stdout', text: ['yes\n'] }]);
  });
});

describe('a notebook the CLI writes opens in VS Code with the same outputs', () => {
  const dir = ipynbExtensionDir();
  let serializer: IpynbSerializer | undefined;
  after(() => serializer?.dispose?.());
  it('round trip through VS Code\'s serializer', { skip: dir ? false : 'code-server is not installed (bash scripts/install-code-server.sh)' }, async () => {
    serializer = loadIpynbSerializer(dir ?? '', false);
    const ipc = tableToIPC(new Table({ n: vectorFromArray([1, 2, 3], new Int32()) }), 'stream');
    const outputs: CellOutputData[] = [
      stdoutOutput('line 1: skipped'),
      { items: resultOutputItems({ columns: [{ name: 'n', sparkType: 'int', nullable: false }], batches: [ipc], rowCount: 3, limited: false, elapsedMs: 5 }) },
      errorOutput({ name: 'DIVIDE_BY_ZERO', message: 'Division by zero.', detail: 'SQLSTATE: 22012' }),
    ];
    const doc = parseIpynb(nb([{ cell_type: 'code', source: 'SELECT 1', metadata: { vscode: { languageId: 'sql' } }, outputs: [], execution_count: null }]));
    setCellOutputs(doc, 0, outputs, 1);
    const reopened = await serializer.deserializeNotebook(new TextEncoder().encode(serializeIpynb(doc)), { isCancellationRequested: false });
    const back = reopened.cells[0].outputs ?? [];
    assert.equal(back.length, 3);
    const dec = new TextDecoder();
    assert.equal(dec.decode(back[0].items[0].data), 'line 1: skipped\n');
    // The result's three forms come back byte for byte (VS Code re-serializes the JSON compactly, as we do).
    for (const item of outputs[1].items) {
      const got = back[1].items.find((i) => i.mime === item.mime);
      assert.ok(got, item.mime);
      assert.equal(dec.decode(got.data), dec.decode(item.data), item.mime);
    }
    const err = JSON.parse(dec.decode(back[2].items[0].data)) as { name: string; message: string; stack: string };
    assert.equal(err.name, 'DIVIDE_BY_ZERO');
    assert.match(err.stack, /SQLSTATE: 22012/);
  });
});
