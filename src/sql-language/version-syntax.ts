// Syntax keyed to the connected server's version: Spark 4 syntax (the pipe operator, :: casts,
// scripting, …; see local-grammar-limits.ts) is an error when the server is a Spark 3.5, whose parser
// rejects it, and valid on 4.x. No server: the newest Spark is assumed, so nothing is version-keyed.
import { spark4Constructs, type Spark4Construct } from './local-grammar-limits';

/** Major and minor of a Spark version string ("3.5.7", "4.3.0-SNAPSHOT"); undefined when unreadable. */
export function parseSparkVersion(version: string | undefined): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** True when `server` is older than `since` ("4.0"); an unknown server counts as the newest. */
export function olderThan(server: string | undefined, since: string): boolean {
  const s = parseSparkVersion(server);
  const v = parseSparkVersion(since);
  if (!s || !v) return false;
  return s[0] < v[0] || (s[0] === v[0] && s[1] < v[1]);
}

/** The first construct of `statement` that the server of version `server` does not have. */
export function firstUnsupportedConstruct(statement: string, server: string | undefined, constructs?: Spark4Construct[]): Spark4Construct | undefined {
  if (server === undefined) return undefined;
  return (constructs ?? spark4Constructs(statement)).find((c) => c.since !== undefined && olderThan(server, c.since));
}

export function versionMessage(c: Spark4Construct, server: string): string {
  return `Syntax error: ${c.why} is Spark ${c.since} syntax; the connected server runs Spark ${server}.`;
}
