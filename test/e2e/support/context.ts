// What every scenario gets: the workbench, the code-server it runs in, the real Spark servers from the
// environment (SPARK_REMOTE, SPARK_TOKEN_REMOTE + SPARK_TOKEN_FILE) and where screenshots go.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../support/servers';
import type { Workbench } from './workbench';

/** What the scenarios read from the VS Code under test (code-server, or desktop VS Code). */
export interface VsCodeInstance {
  userDataDir: string;
  workspace: string;
  /** What the VS Code process printed. */
  output(): string;
}

export interface SparkAddress {
  remote: string;
  host: string;
  port: number;
}

export interface E2EContext {
  wb: Workbench;
  server: VsCodeInstance;
  spark: SparkAddress;
  tokenServer: (SparkAddress & { token: string }) | undefined;
  /** Unique per run, so tables made on the shared server never clash. */
  runId: string;
  /** Names the scenarios share (profiles they made, the table they created). */
  names: { profile: string; tokenProfile: string; table: string };
  /** Saves a screenshot under test-results/e2e/, and under docs/images/ too when it is a README image. */
  shot(name: string, readmeImage?: string): Promise<void>;
}

export function parseRemote(remote: string): SparkAddress {
  const m = /^sc:\/\/([^:/]+):(\d+)/.exec(remote);
  if (!m) throw new Error(`cannot read host and port from ${remote}`);
  return { remote, host: m[1], port: Number(m[2]) };
}

export function sparkFromEnv(): { spark: SparkAddress; tokenServer: E2EContext['tokenServer'] } {
  // scripts/test-all.sh exports the server the suite runs against; no default port.
  const remote = process.env.SPARK_REMOTE;
  if (!remote) throw new Error('SPARK_REMOTE is not set: run the e2e suite through scripts/test-all.sh, which starts the Spark servers');
  const spark = parseRemote(remote);
  const tr = process.env.SPARK_TOKEN_REMOTE;
  const tf = process.env.SPARK_TOKEN_FILE;
  const tokenServer = tr && tf && existsSync(tf) ? { ...parseRemote(tr), token: readFileSync(tf, 'utf8').trim() } : undefined;
  return { spark, tokenServer };
}

export function resultsDir(): string {
  return join(projectRoot(), 'test-results', 'e2e');
}

/** E2E_README_IMAGES=1 refreshes the README's screenshots from this run. */
export function readmeImageSaver(): (from: string, name: string) => void {
  const on = process.env.E2E_README_IMAGES === '1';
  const dir = join(projectRoot(), 'docs', 'images');
  return (from, name) => {
    if (!on) return;
    mkdirSync(dir, { recursive: true });
    copyFileSync(from, join(dir, `${name}.png`));
  };
}

export function makeContext(wb: Workbench, server: VsCodeInstance): E2EContext {
  const save = readmeImageSaver();
  const { spark, tokenServer } = sparkFromEnv();
  const runId = Date.now().toString(36);
  return {
    wb, server, spark, tokenServer, runId,
    names: { profile: 'e2e-local', tokenProfile: 'e2e-token', table: `e2e_trips_${runId}` },
    async shot(name, readmeImage) {
      const file = await wb.screenshot(name);
      if (readmeImage) save(file, readmeImage);
    },
  };
}
