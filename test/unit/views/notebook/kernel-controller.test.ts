// The notebook controller on the fake vscode: an untrusted workspace never executes a cell (no session
// is asked for, nothing is sent), and Restart forgets the notebook's names and starts a fresh server
// session. The notebook API pieces the controller uses are added to the fake here.
import { fake } from '../../../support/fakes/fake-vscode';
import { notebookFake, type FakeExecution } from '../../../support/fakes/fake-notebooks';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OperationsModel } from '../../../../src/engine/operations-model';
import { ExtensionSettings } from '../../../../src/views/settings';
import { SparkNotebookController } from '../../../../src/views/notebook/kernel-controller';
import { FakeSession, MemoryMemento, RecordingLogger } from '../../../support/fakes/fakes';

function setup() {
  const session = new FakeSession('s', '4.3.0', () => []);
  const runs: string[] = [];
  Object.assign(session, {
    pyspark: {
      run: async (source: string, options?: { names?: Map<string, unknown> }) => {
        runs.push(source);
        const names = options?.names ?? new Map<string, unknown>();
        if (source.startsWith('df =')) names.set('df', {});
        else if (!names.has('df')) {
          throw Object.assign(new Error("name 'df' is not defined"), { name: 'PySparkError', phase: 'evaluate', construct: 'df', span: { from: 0, to: 2, line: 1, column: 1 } });
        }
        return [];
      },
      executeDataFrame: () => { throw new Error('not used'); },
      explainDataFrame: async () => '',
    },
  });
  const calls: string[] = [];
  const sessions = {
    activeProfile: 'local',
    session: () => session,
    takeResumable: () => false,
    connect: async () => session,
    requireActiveSession: () => { calls.push('session'); return { profile: 'local', session }; },
    reconnect: async (p: string) => { calls.push(`reconnect ${p}`); return session; },
    onDidChangeActive: () => ({ dispose: () => undefined }),
  };
  const controller = new SparkNotebookController({
    sessions: sessions as never,
    operations: new OperationsModel(new MemoryMemento(), () => 50),
    log: new RecordingLogger(),
    settings: new ExtensionSettings(),
  });
  const notebook = { uri: { toString: () => 'file:///w/nb.ipynb', path: '/w/nb.ipynb' } };
  let n = 0;
  const cell = (source: string) => ({
    index: n++, notebook,
    document: { uri: { toString: () => `cell:${n}` }, getText: () => source, languageId: 'python' },
  });
  const run = async (source: string) => {
    await notebookFake.handler!([cell(source)], notebook);
    return notebookFake.executions.at(-1)!;
  };
  return { controller, notebook, run, runs, calls };
}

const texts = (e: FakeExecution) => e.outputs.flatMap((o) => o.items.map((i) => new TextDecoder().decode(i.data)));

describe('Spark Connect notebook controller', () => {
  it('an untrusted workspace never executes a cell: no session is asked for, nothing runs, the cell says why', async () => {
    fake.config = {};
    const h = setup();
    notebookFake.trusted = false;
    try {
      const e = await h.run('df = spark.range(3)');
      assert.equal(e.ended, false, 'the cell ends failed (✗)');
      assert.deepEqual(h.runs, [], 'the runner never saw the code');
      assert.deepEqual(h.calls, [], 'no session was asked for');
      assert.match(texts(e).join('\n'), /not trusted/);
    } finally {
      notebookFake.trusted = true;
      h.controller.dispose();
    }
  });

  it('Restart forgets the notebook\'s names and starts a fresh server session', async () => {
    fake.config = {};
    fake.infos.length = 0;
    const h = setup();
    try {
      assert.equal((await h.run('df = spark.range(3)')).ended, true);
      assert.equal((await h.run('df.count()')).ended, true, 'df is bound for the next cell');
      await h.controller.restart(h.notebook as never);
      assert.ok(h.calls.includes('reconnect local'), 'a fresh server session for the profile');
      assert.match(fake.infos.at(-1) ?? '', /restarted: a fresh session on local/);
      const after = await h.run('df.count()');
      assert.equal(after.ended, false, 'df is gone after the restart');
      assert.match(texts(after).join('\n'), /name 'df' is not defined/);
      assert.equal(after.executionOrder, 3, 'execution order goes on in the notebook');
    } finally {
      h.controller.dispose();
    }
  });
});
