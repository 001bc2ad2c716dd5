// Runs the corpus through PySpark's own Connect client: one Python process for all snippets of one
// server (PySpark takes seconds to start; a process per snippet would cost minutes).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot, type SparkServer } from '../../support/servers';
import type { SnippetResult } from './corpus-result';

const MARKER = '__CORPUS_JSON__';

export interface ReferenceRequest {
  server: SparkServer;
  /** Session settings, the same the test sets in its own session; spark.sql.session.timeZone among them. */
  conf: Record<string, string>;
  snippets: Array<{ id: string; code: string }>;
  timeoutMs: number;
}

/** Each snippet's result by id. Rejects when the process fails as a whole (not when a snippet does). */
export function runReference(req: ReferenceRequest): Promise<Map<string, SnippetResult>> {
  const script = join(projectRoot(), 'test', 'integration', 'pyspark', 'pyspark-reference.py');
  return new Promise((resolve, reject) => {
    const child = spawn(req.server.python, [script], {
      // TZ: PySpark turns timestamps into naive datetimes in the process time zone.
      env: { ...process.env, TZ: req.conf['spark.sql.session.timeZone'] ?? 'UTC', PYTHONIOENCODING: 'utf-8' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const results = new Map<string, SnippetResult>();
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      pending += d;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line.startsWith(MARKER)) continue;
        const r = JSON.parse(line.slice(MARKER.length)) as SnippetResult & { id: string };
        results.set(r.id, r);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-20_000); });
    const timer = setTimeout(() => child.kill('SIGKILL'), req.timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && results.size === req.snippets.length) {
        resolve(results);
        return;
      }
      const why = signal === 'SIGKILL' ? `timed out after ${req.timeoutMs} ms` : `exited with ${code ?? signal}`;
      reject(new Error(`PySpark reference (${req.server.name}) ${why} after ${results.size}/${req.snippets.length} snippets\n${stderr.split('\n').slice(-30).join('\n')}`));
    });
    child.stdin.end(JSON.stringify({ remote: req.server.remote, conf: req.conf, snippets: req.snippets }));
  });
}
