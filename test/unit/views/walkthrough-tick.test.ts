// The "Add a connection" pulse: the key goes true and back to false only while a connection exists,
// a pulse asked for during one runs again after it, and only an active tab the API cannot name (the
// Welcome page) asks for one.
import '../../support/fakes/fake-vscode';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTION_PULSE_KEY, ConnectionStepPulse, mayShowWalkthrough } from '../../../src/views/walkthrough-tick';
import { WALKTHROUGH_ID } from '../../../src/views/walkthrough';
import { projectRoot } from '../../support/servers';

describe('the "Add a connection" pulse', () => {
  it('sets the key and clears it again, only while a connection exists', async () => {
    const sets: Array<[string, boolean]> = [];
    let connections = 0;
    const pulse = new ConnectionStepPulse(async (k, v) => { sets.push([k, v]); }, () => connections > 0);
    await pulse.pulse();
    assert.deepEqual(sets, [], 'no connection: nothing to tick');
    connections = 1;
    await pulse.pulse();
    assert.deepEqual(sets, [[CONNECTION_PULSE_KEY, true], [CONNECTION_PULSE_KEY, false]]);
  });

  it('a pulse asked for while one runs follows it, once; the key ends false', async () => {
    const sets: boolean[] = [];
    const pending: Array<() => void> = [];
    const pulse = new ConnectionStepPulse((_k, v) => new Promise<void>((resolve) => {
      sets.push(v);
      pending.push(resolve);
    }), () => true);
    const first = pulse.pulse();
    await pulse.pulse();
    await pulse.pulse();
    assert.deepEqual(sets, [true], 'the later asks wait for the running pulse');
    for (let i = 0; i < 50 && (pending.length > 0 || sets.length < 4); i++) {
      pending.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await first;
    assert.deepEqual(sets, [true, false, true, false], 'one more pulse for the two asks made during the first');
  });

  it('a failed setContext leaves no pulse running', async () => {
    let calls = 0;
    const pulse = new ConnectionStepPulse(async () => {
      calls++;
      if (calls === 1) throw new Error('window closing');
    }, () => true);
    await assert.rejects(pulse.pulse(), /window closing/);
    await pulse.pulse();
    assert.equal(calls, 3, 'the next pulse runs in full');
  });

  it('only an active tab with no input the API can name may be the walkthrough', () => {
    assert.equal(mayShowWalkthrough([{ input: undefined, isActive: true }]), true);
    assert.equal(mayShowWalkthrough([{ input: undefined, isActive: false }]), false, 'opened behind another tab');
    assert.equal(mayShowWalkthrough([{ input: { uri: 'file:///a.sql' }, isActive: true }]), false, 'a text editor');
    assert.equal(mayShowWalkthrough([]), false);
  });

  it('the step listens for the pulse key beside hasConnections', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as {
      contributes: { walkthroughs: Array<{ id: string; steps: Array<{ id: string; completionEvents: string[] }> }> };
    };
    const step = pkg.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID)?.steps.find((s) => s.id === 'addConnection');
    assert.ok(step?.completionEvents.includes(`onContext:${CONNECTION_PULSE_KEY}`), JSON.stringify(step?.completionEvents));
    assert.ok(step?.completionEvents.includes('onContext:sparkConnect.hasConnections'));
  });
});
