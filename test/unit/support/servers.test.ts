// Where tests look for servers: environment first, development defaults otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dedent, projectRoot, spark35, spark4, sparkServers, tokenServer } from '../../support/servers';

// Runs fn with some variables set (undefined = removed), restoring them afterwards.
function withEnv(vars: Record<string, string | undefined>, fn: () => void): void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>): void => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
    }
  };
  apply(vars);
  try { fn(); } finally { apply(saved); }
}

void test('without env the development servers and the .cache pythons are used', () => {
  withEnv({ SPARK_REMOTE: undefined, SPARK35_REMOTE: undefined, SPARK4_PYTHON: undefined, SPARK35_PYTHON: undefined }, () => {
    assert.deepEqual(spark4(), {
      name: 'spark4', version: '4', remote: 'sc://localhost:15002',
      python: join(projectRoot(), '.cache', 'spark-4.3.0', 'bin', 'python'),
    });
    assert.equal(spark35().remote, 'sc://localhost:15035');
    assert.equal(spark35().version, '3.5');
    assert.ok(spark35().python.endsWith(join('spark-3.5.7', 'bin', 'python')));
  });
});

void test('env overrides addresses and pythons; empty values count as unset', () => {
  withEnv({ SPARK_REMOTE: 'sc://h:1', SPARK35_REMOTE: '', SPARK4_PYTHON: '/py4', SPARK35_PYTHON: '/py35' }, () => {
    assert.deepEqual(sparkServers().map((s) => [s.name, s.remote, s.python]),
      [['spark4', 'sc://h:1', '/py4'], ['spark35', 'sc://localhost:15035', '/py35']]);
  });
});

void test('tokenServer reads the token file named by env, trimmed, and is undefined without one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'token-'));
  try {
    const file = join(dir, 't');
    writeFileSync(file, 'abc123\n');
    withEnv({ SPARK_TOKEN_REMOTE: 'sc://localhost:9', SPARK_TOKEN_FILE: file }, () => {
      assert.deepEqual(tokenServer(), { remote: 'sc://localhost:9', token: 'abc123' });
    });
    withEnv({ SPARK_TOKEN_REMOTE: 'sc://localhost:9', SPARK_TOKEN_FILE: join(dir, 'missing') }, () => {
      assert.equal(tokenServer(), undefined);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('dedent strips the common indentation and keeps relative indentation', () => {
  assert.equal(dedent(`
      for x in y:
          z = 1
      result = 2
  `), 'for x in y:\n    z = 1\nresult = 2\n');
  assert.equal(dedent('a = 1'), 'a = 1\n');
});
