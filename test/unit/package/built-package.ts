// Where the build puts the package and its bundles, for the package tests. They test what ships:
// the production bundles in dist/ and the .vsix, which scripts/test-all.sh builds (`npm run package`) in
// its build phase. A missing file is a failure, never a skip.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.nls.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
}

export const ROOT = repoRoot();
export const DIST = path.join(ROOT, 'dist');
/** The path `npm run package` writes; the end-to-end tests install the same file. */
export const VSIX = path.join(DIST, 'spark-connect-vscode.vsix');

export function requireBuilt(file: string): string {
  assert.ok(existsSync(file), `${path.relative(ROOT, file)} is missing: run \`npm run package\` (scripts/test-all.sh does it in its build phase)`);
  return file;
}

/** esbuild's metafile for one extension bundle (written by esbuild.mjs to dist/meta/<name>.json). */
export interface Metafile {
  inputs: Record<string, { bytes: number; imports: Array<{ path: string; kind: string; external?: boolean }> }>;
  outputs: Record<string, { bytes: number; imports: Array<{ path: string; kind: string; external?: boolean }> }>;
}

// The embedded client's libraries: none of them may be in the activation bundle.
export const CLIENT_LIBRARIES = ['@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs', 'apache-arrow', 'flatbuffers', 'long'];

/** The npm package an esbuild input path comes from, or undefined for project sources. */
export function packageOf(input: string): string | undefined {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input.split(path.sep).join('/'));
  return m?.[1];
}
