import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JavaOptionsError, isHeapSize, moduleOptions, splitJavaOptions } from '../../../src/local-spark/jvm-options';

test('Java options split as Spark\'s launcher splits them: whitespace, quotes, backslash escapes', () => {
  assert.deepEqual(splitJavaOptions(''), []);
  assert.deepEqual(splitJavaOptions('  -Da=1\t-Db=2 \n '), ['-Da=1', '-Db=2']);
  assert.deepEqual(splitJavaOptions('"-Dx=a b" \'-Dy=c "d"\''), ['-Dx=a b', '-Dy=c "d"']);
  assert.deepEqual(splitJavaOptions('-Dz=a\\ b -Dq=\\"q\\"'), ['-Dz=a b', '-Dq="q"']);
  assert.deepEqual(splitJavaOptions("'-Dp=C:\\dir'"), ['-Dp=C:\\dir'], 'no escapes inside single quotes');
  assert.deepEqual(splitJavaOptions('-Dempty="" x'), ['-Dempty=', 'x']);
  assert.deepEqual(splitJavaOptions('""'), [''], 'an empty quoted argument is kept');
  // Shell syntax means nothing here: it is one more argument for the JVM.
  assert.deepEqual(splitJavaOptions('-Da=$(id) ;|&'), ['-Da=$(id)', ';|&']);
});

test('unbalanced quotes and a trailing escape are errors, not guesses', () => {
  assert.throws(() => splitJavaOptions('-Da="x'), JavaOptionsError);
  assert.throws(() => splitJavaOptions("-Da='x"), JavaOptionsError);
  assert.throws(() => splitJavaOptions('-Da=x\\'), JavaOptionsError);
});

test('module options: IgnoreUnrecognizedVMOptions first; 4.x and 3.x lists as their launchers have them', () => {
  for (const major of [3, 4, 5, undefined]) assert.equal(moduleOptions(major)[0], '-XX:+IgnoreUnrecognizedVMOptions');
  assert.ok(moduleOptions(4).includes('--enable-native-access=ALL-UNNAMED'));
  assert.ok(!moduleOptions(4).includes('-Djdk.reflect.useDirectMethodHandle=false'));
  assert.ok(moduleOptions(3).includes('-Djdk.reflect.useDirectMethodHandle=false'));
  assert.ok(moduleOptions(3).includes('--add-opens=java.base/sun.nio.ch=ALL-UNNAMED'));
  assert.equal(moduleOptions(3).length, 17);
  assert.equal(moduleOptions(4).length, 22);
});

test('heap sizes', () => {
  for (const ok of ['1g', '2G', '512m', '1024', '3t', '900k']) assert.ok(isHeapSize(ok), ok);
  for (const bad of ['1gb', 'g', '1.5g', ' 1g', '1g ', '-1g']) assert.ok(!isHeapSize(bad), bad);
});
