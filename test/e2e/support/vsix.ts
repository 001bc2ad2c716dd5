// Finds or makes the .vsix the end-to-end tests install, so they test what a user installs.
// Order: $E2E_VSIX (a given file); `npm run package` when the project has that script (the production
// package); otherwise a package made here with vsce from a staging folder that holds only what the
// extension ships (manifest, dist/, l10n/, icons, README, CHANGELOG, LICENSE), built from `npm run build`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../support/servers';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  scripts?: Record<string, string>;
}

export function manifest(): Manifest {
  return JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as Manifest;
}

/** The id code-server lists after installing: publisher.name. */
export function extensionId(): string {
  const m = manifest();
  return `${m.publisher}.${m.name}`;
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

function newestVsix(dir: string, since: number): string | undefined {
  if (!existsSync(dir)) return undefined;
  const found = readdirSync(dir).filter((f) => f.endsWith('.vsix')).map((f) => join(dir, f))
    .filter((f) => statSync(f).mtimeMs >= since).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return found[0];
}

/** Files the staging package carries; the production package (npm run package) decides for itself. */
const SHIPPED = ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'l10n'];

function stagedVsix(outDir: string): string {
  const root = projectRoot();
  if (!existsSync(join(root, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');
  const stage = mkdtempSync(join(tmpdir(), 'e2e-stage-'));
  try {
    // Source maps are for development; the marketplace package leaves them out.
    const noMaps = (src: string) => !src.endsWith('.map');
    for (const f of SHIPPED) if (existsSync(join(root, f))) cpSync(join(root, f), join(stage, f), { recursive: true, filter: noMaps });
    mkdirSync(join(stage, 'media', 'icons'), { recursive: true });
    cpSync(join(root, 'media', 'icons'), join(stage, 'media', 'icons'), { recursive: true });
    for (const img of ['docs/images']) if (existsSync(join(root, img))) cpSync(join(root, img), join(stage, img), { recursive: true });
    const out = join(outDir, `${manifest().name}-${manifest().version}-e2e.vsix`);
    run(join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository',
      '--skip-license', '--baseContentUrl', 'https://localhost/', '--baseImagesUrl', 'https://localhost/', '--out', out], stage);
    return out;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** The .vsix to install: see the file comment for where it comes from. */
export function obtainVsix(outDir: string): { path: string; source: string } {
  const given = process.env.E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`E2E_VSIX=${given} does not exist`);
    return { path: given, source: 'E2E_VSIX' };
  }
  const root = projectRoot();
  if (manifest().scripts?.package) {
    const t0 = Date.now() - 1000;
    run('npm', ['run', 'package'], root);
    const made = newestVsix(root, t0) ?? newestVsix(join(root, 'dist'), t0) ?? newestVsix(join(root, 'out'), t0);
    if (!made) throw new Error('npm run package made no new .vsix in the project root, dist/ or out/');
    return { path: made, source: 'npm run package' };
  }
  mkdirSync(outDir, { recursive: true });
  return { path: stagedVsix(outDir), source: 'vsce package (staging folder)' };
}

// `node out/test/e2e/support/vsix.js <dir>` prints the path of the .vsix (used by scripts/start.sh).
if (require.main === module) {
  const r = obtainVsix(process.argv[2] ?? join(projectRoot(), '.cache'));
  process.stdout.write(`${r.path}\n`);
}
