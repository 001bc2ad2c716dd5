// DetectDeps on the real machine: the file system, the environment and child processes.
import { execFile } from 'node:child_process';
import { open, readdir, stat } from 'node:fs/promises';
import type { DetectDeps } from './detect';
import type { JarFile } from './jar-directory';

export function nodeDetectDeps(env: Readonly<Record<string, string | undefined>> = process.env): DetectDeps {
  return {
    env,
    platform: process.platform,
    isFile: async (p) => {
      try {
        return (await stat(p)).isFile();
      } catch {
        return false;
      }
    },
    readdir: (p) => readdir(p),
    run: (command, args, timeoutMs) => new Promise((resolve, reject) => {
      execFile(command, args, { timeout: timeoutMs, windowsHide: true, env: { ...process.env, ...env } }, (err, stdout) => {
        if (err) reject(err);
        else resolve(stdout);
      });
    }),
  };
}

/** A jar on disk, read in ranges (see jar-directory.ts). */
export async function openJarFile(file: string): Promise<JarFile> {
  const size = (await stat(file)).size;
  return {
    size,
    read: async (position, length) => {
      const handle = await open(file, 'r');
      try {
        const buffer = new Uint8Array(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
  };
}
