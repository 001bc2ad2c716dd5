// Loading the captured plan fixtures (test/fixtures/plans/<version>/) from either the TypeScript sources
// (tsx) or the compiled tests under out/ (the .txt/.json files are never copied there).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CorpusVersion, ExplainModeName } from '../../fixtures/plans/corpus';
import { readExecutionMetrics, type ExecutionMetric } from '../../../src/plan/metrics';

function findFixtureRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'fixtures', 'plans');
    if (existsSync(join(candidate, 'corpus.ts'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`test/fixtures/plans not found above ${__dirname}`);
  }
}

export const FIXTURE_ROOT = findFixtureRoot();

export function fixturePath(version: CorpusVersion, name: string): string {
  return join(FIXTURE_ROOT, version, name);
}

export function hasFixture(version: CorpusVersion, name: string): boolean {
  return existsSync(fixturePath(version, name));
}

export function readExplain(version: CorpusVersion, id: string, mode: ExplainModeName): string {
  return readFileSync(fixturePath(version, `${id}.${mode}.txt`), 'utf8');
}

/** Top-level field names of the schema tree string ("root\n |-- k: long (nullable = true)"). */
export function readSchemaNames(version: CorpusVersion, id: string): string[] {
  const text = readFileSync(fixturePath(version, `${id}.schema.txt`), 'utf8');
  return text.split('\n').filter((l) => l.startsWith(' |-- ')).map((l) => l.slice(5, l.indexOf(': ')));
}

export interface MetricsFixture {
  rows: number;
  /** Every Metrics message of the execution (the server sends one, in the last response). */
  responses: ExecutionMetric[][];
}

export function readMetrics(version: CorpusVersion, id: string): MetricsFixture {
  const json = JSON.parse(readFileSync(fixturePath(version, `${id}.metrics.json`), 'utf8')) as {
    rows: number;
    responses: unknown[];
  };
  return { rows: json.rows, responses: json.responses.map((r) => readExecutionMetrics(r)) };
}

export interface CaptureManifest {
  sparkVersion: string;
  namespace: string;
  entries: Record<string, { modes: string[]; errors: Record<string, string>; metrics?: number }>;
}

export function readManifest(version: CorpusVersion): CaptureManifest {
  return JSON.parse(readFileSync(fixturePath(version, 'manifest.json'), 'utf8')) as CaptureManifest;
}
