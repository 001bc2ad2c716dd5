// What a Spark installation can do to keep its local Connect server private, and what is missing.
//
// Facts, checked by experiment with `ss -ltnp` on Spark 3.5.7 and 4.3.0:
// - spark.connect.grpc.binding.address exists from Spark 4.0.0 (its ConfigBuilder says so); Spark 3.5
//   ignores it and its Connect port listens on every interface, whatever SPARK_LOCAL_IP says.
// - Token authentication (SPARK_CONNECT_AUTHENTICATE_TOKEN / spark.connect.authenticate.token,
//   enforced by PreSharedKeyAuthenticationInterceptor, which answers UNAUTHENTICATED) exists in 4.x;
//   Spark 3.5 ignores the variable and serves anyone. We look for the interceptor's class in the
//   installation's Connect jar rather than trusting a version number.
// - The Spark UI, the driver's RPC and the block manager bind to SPARK_LOCAL_IP on both versions
//   (spark.driver.bindAddress alone leaves the UI on every interface).
import { JarFile, jarHasEntry } from './jar-directory';
import type { SparkInstall } from './detect';

export const TOKEN_INTERCEPTOR_CLASS = 'org/apache/spark/sql/connect/service/PreSharedKeyAuthenticationInterceptor.class';

export interface ServerCapabilities {
  /** spark.connect.grpc.binding.address is honoured. */
  bindingAddress: boolean;
  /** SPARK_CONNECT_AUTHENTICATE_TOKEN is enforced. */
  tokenAuth: boolean;
}

export type PrivacyGap = 'binding-address' | 'token';

export function sparkMajor(version: string | undefined): number | undefined {
  const m = /^(\d+)\./.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

/** What the installation supports; a jar that cannot be read counts as "no token". */
export async function serverCapabilities(install: SparkInstall, openJar: (file: string) => Promise<JarFile>): Promise<ServerCapabilities> {
  const bindingAddress = (sparkMajor(install.version) ?? 0) >= 4;
  let tokenAuth = false;
  if (install.connectJar) {
    try {
      tokenAuth = (await jarHasEntry(await openJar(install.connectJar), TOKEN_INTERCEPTOR_CLASS)) === true;
    } catch {
      tokenAuth = false;
    }
  }
  return { bindingAddress, tokenAuth };
}

/** What a server started with these capabilities would lack; empty when it can be fully private. */
export function privacyGaps(caps: ServerCapabilities): PrivacyGap[] {
  const gaps: PrivacyGap[] = [];
  if (!caps.bindingAddress) gaps.push('binding-address');
  if (!caps.tokenAuth) gaps.push('token');
  return gaps;
}
