// DetectDeps on the real machine: the file system, the environment and child processes.
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import type { DetectDeps } from './detect';

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
