// What a Spark installation can do to keep its server private, and what the user is warned about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TOKEN_INTERCEPTOR_CLASS, privacyGaps, serverCapabilities } from '../../../src/local-spark/capabilities';
import type { SparkInstall } from '../../../src/local-spark/detect';
import type { JarFile } from '../../../src/local-spark/jar-directory';
import { buildZip, memoryJar } from './zip-builder';

const jars = (entries: Record<string, string[]>) => async (file: string): Promise<JarFile> => {
  const names = entries[file];
  if (!names) throw new Error(`ENOENT ${file}`);
  return memoryJar(buildZip(names));
};

test('Spark 4 with the token interceptor in its Connect jar: both, nothing to warn about', async () => {
  const install: SparkInstall = { sparkHome: '/s', source: 'SPARK_HOME', version: '4.3.0', connectJar: '/s/c.jar' };
  const caps = await serverCapabilities(install, jars({ '/s/c.jar': ['a.class', TOKEN_INTERCEPTOR_CLASS] }));
  assert.deepEqual(caps, { bindingAddress: true, tokenAuth: true });
  assert.deepEqual(privacyGaps(caps), []);
});

test('Spark 3.5 (no Connect jar in the home, no binding address): both gaps, named', async () => {
  const install: SparkInstall = { sparkHome: '/s', source: 'python', version: '3.5.7', scalaVersion: '2.12' };
  const caps = await serverCapabilities(install, jars({}));
  assert.deepEqual(caps, { bindingAddress: false, tokenAuth: false });
  assert.deepEqual(privacyGaps(caps), ['binding-address', 'token']);
});

test('a 4.x whose Connect jar lacks the interceptor, or cannot be read, is warned about the token only', async () => {
  const install: SparkInstall = { sparkHome: '/s', source: 'SPARK_HOME', version: '4.0.0', connectJar: '/s/c.jar' };
  assert.deepEqual(privacyGaps(await serverCapabilities(install, jars({ '/s/c.jar': ['a.class'] }))), ['token']);
  assert.deepEqual(privacyGaps(await serverCapabilities(install, jars({}))), ['token']);
  assert.deepEqual(privacyGaps(await serverCapabilities({ ...install, version: undefined }, jars({}))), ['binding-address', 'token']);
});
