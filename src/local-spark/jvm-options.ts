// The JVM options a local Spark server needs. We start the JVM ourselves instead of through
// bin/spark-submit (a shell script on Unix, a .cmd on Windows, which Node cannot spawn without a
// shell), so we add what Spark's launcher would add for the driver in client mode: the heap size,
// the module options of the launcher's JavaModuleOptions, and the driver's Java options from conf.

// The launcher's JavaModuleOptions, as shipped in Spark 3.5.7 and 4.3.0 (read from their
// spark-launcher jars). -XX:+IgnoreUnrecognizedVMOptions comes first, as there, so that an option a
// given JVM does not know (--sun-misc-unsafe-memory-access before Java 23) is skipped, not fatal.
const OPENS = [
  'java.base/java.lang',
  'java.base/java.lang.invoke',
  'java.base/java.lang.reflect',
  'java.base/java.io',
  'java.base/java.net',
  'java.base/java.nio',
  'java.base/java.util',
  'java.base/java.util.concurrent',
  'java.base/java.util.concurrent.atomic',
  'java.base/jdk.internal.ref',
  'java.base/sun.nio.ch',
  'java.base/sun.nio.cs',
  'java.base/sun.security.action',
  'java.base/sun.util.calendar',
  'java.security.jgss/sun.security.krb5',
].map((p) => `--add-opens=${p}=ALL-UNNAMED`);

const SPARK3_MODULE_OPTIONS = ['-XX:+IgnoreUnrecognizedVMOptions', ...OPENS, '-Djdk.reflect.useDirectMethodHandle=false'];

const SPARK4_MODULE_OPTIONS = [
  '-XX:+IgnoreUnrecognizedVMOptions',
  '--add-modules=jdk.incubator.vector',
  ...OPENS,
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dio.netty.allocator.type=pooled',
  '-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE',
  '--sun-misc-unsafe-memory-access=allow',
  '--enable-native-access=ALL-UNNAMED',
];

/** The module options for a Spark major version (4.x's list for 4 and later, 3.5's before). */
export function moduleOptions(major: number | undefined): string[] {
  return [...((major ?? 4) >= 4 ? SPARK4_MODULE_OPTIONS : SPARK3_MODULE_OPTIONS)];
}

/** A JVM heap size as the launcher passes it to -Xmx: digits and an optional k/m/g/t unit. */
export function isHeapSize(s: string): boolean {
  return /^[0-9]+[kmgt]?$/i.test(s);
}

export class JavaOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JavaOptionsError';
  }
}

/**
 * Splits a Java options string (spark.driver.extraJavaOptions) into arguments the way Spark's launcher
 * does: whitespace separates, single quotes keep everything literally, double quotes group, and a
 * backslash outside single quotes takes the next character literally. The result goes to the JVM as
 * argv entries; no shell ever sees it.
 */
export function splitJavaOptions(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | undefined;
  let escaped = false;
  for (const ch of text) {
    if (escaped) {
      current += ch;
      escaped = false;
      inToken = true;
    } else if (ch === '\\' && quote !== "'") {
      escaped = true;
      inToken = true;
    } else if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) out.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote !== undefined) throw new JavaOptionsError(`Unterminated ${quote === '"' ? 'double' : 'single'} quote in Java options: ${text}`);
  if (escaped) throw new JavaOptionsError(`Java options end with an unfinished escape: ${text}`);
  if (inToken) out.push(current);
  return out;
}
