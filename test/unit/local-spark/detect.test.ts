import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DetectDeps, detectSpark } from '../../../src/local-spark/detect';

function fakeDeps(files: Record<string, string[] | true>, env: Record<string, string> = {}, programs: Record<string, string> = {}): DetectDeps & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    env,
    platform: 'linux',
    isFile: async (p) => files[p] === true,
    readdir: async (p) => {
      const v = files[p];
      if (Array.isArray(v)) return v;
      throw new Error('ENOENT');
    },
    run: async (cmd, args) => {
      ran.push(cmd);
      const out = programs[`${cmd} ${args[0]}`];
      if (out === undefined) throw new Error('not found');
      return out;
    },
  };
}

const JAVA = { 'java -version': '' };

test('SPARK_HOME with a Connect jar is found, with its versions', async () => {
  const deps = fakeDeps({ '/spark/bin/spark-submit': true, '/spark/jars': ['spark-core_2.13-4.1.1.jar', 'spark-connect_2.13-4.1.1.jar'] }, { SPARK_HOME: '/spark' }, JAVA);
  const r = await detectSpark(deps);
  assert.ok(r.ok);
  assert.deepEqual(r.install, { sparkHome: '/spark', source: 'SPARK_HOME', connectJar: '/spark/jars/spark-connect_2.13-4.1.1.jar', scalaVersion: '2.13', version: '4.1.1' });
  assert.equal(r.java, 'java');
});

test('the setting wins over SPARK_HOME; a home without spark-submit is skipped', async () => {
  const deps = fakeDeps({ '/mine/bin/spark-submit': true, '/mine/jars': ['spark-core_2.12-3.5.7.jar'] }, { SPARK_HOME: '/broken' }, JAVA);
  const r = await detectSpark(deps, { sparkHome: '/mine' });
  assert.ok(r.ok);
  assert.equal(r.install.sparkHome, '/mine');
  assert.equal(r.install.connectJar, undefined);
  assert.equal(r.install.version, '3.5.7');
});

test('PySpark in the active virtualenv is found by asking its python', async () => {
  const site = '/venv/lib/python3.11/site-packages/pyspark';
  const deps = fakeDeps({ [`${site}/bin/spark-submit`]: true, [`${site}/jars`]: ['spark-connect_2.13-4.3.0.jar'] }, { VIRTUAL_ENV: '/venv' }, {
    ...JAVA,
    '/venv/bin/python -c': `${site}\n4.3.0\n`,
  });
  const r = await detectSpark(deps);
  assert.ok(r.ok);
  assert.equal(r.install.source, 'python');
  assert.equal(r.install.sparkHome, site);
  assert.equal(deps.ran[0], '/venv/bin/python');
});

test('nothing found: a clear reason and the list of places tried', async () => {
  const r = await detectSpark(fakeDeps({}, { SPARK_HOME: '/nope' }));
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.match(r.reason, /pip install/);
  assert.ok(r.tried.some((t) => t.includes('/nope')));
  assert.ok(r.tried.some((t) => t.includes('python3')));
});

test('no Java: says so', async () => {
  const r = await detectSpark(fakeDeps({ '/s/bin/spark-submit': true }, { SPARK_HOME: '/s' }));
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.reason, /Java/);
});

test('JAVA_HOME is used when it has a java', async () => {
  const r = await detectSpark(fakeDeps({ '/s/bin/spark-submit': true, '/jdk/bin/java': true }, { SPARK_HOME: '/s', JAVA_HOME: '/jdk' }));
  assert.equal(r.ok && r.java, '/jdk/bin/java');
});
