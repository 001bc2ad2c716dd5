// `spark-connect check`: the language service's diagnostics for files, in CI. Local syntax errors
// always; with a server, its analysis of the files' queries (src/engine/validate-query.ts: nothing is
// ever executed). Where the server judged a statement, its word replaces the local grammar's.
import type { CheckCommand } from '../check-args';
import { ExitCode } from '../exit-codes';
import type { CliIO } from '../io';
import { LineIndex } from '../../sql/line-index';
import type { SqlDiagnostic, SqlLanguageService } from '../../sql-language/sql-language-service';
import { runWithSession } from './session-scope';

type Check = Extract<CheckCommand, { kind: 'check' }>;

interface FileDiagnostics {
  file: string;
  text: string;
  diagnostics: SqlDiagnostic[];
}

export async function runCheck(cmd: Check, io: CliIO): Promise<number> {
  const { createSqlLanguageService } = await import('../../sql-language/sql-language-service');
  const service = createSqlLanguageService();
  const results: FileDiagnostics[] = [];
  for (const file of cmd.files) {
    const text = await io.readText(file);
    results.push({ file, text, diagnostics: service.syntaxDiagnostics({ key: file, text }) });
  }
  if (cmd.connection.remote !== undefined) {
    await runWithSession(cmd.connection, io, async (session) => {
      for (const r of results) {
        // Syntax keyed to the server's version: what its parser lacks is an error.
        r.diagnostics = service.syntaxDiagnostics({ key: r.file, text: r.text }, session.sparkVersion);
        const server = await service.serverDiagnostics({ key: r.file, text: r.text }, (sql, signal) => session.validateQuery(sql, signal),
          session.sparkVersion, io.signal);
        r.diagnostics = merge(service, r, server);
      }
    });
  }
  const rows = results.flatMap((r) => {
    const lines = new LineIndex(r.text);
    return r.diagnostics.sort((a, b) => a.start - b.start).map((d) => {
      const s = lines.positionAt(d.start);
      const e = lines.positionAt(d.end);
      return { file: r.file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1,
        severity: d.severity, code: d.code, message: d.message, origin: d.origin };
    });
  });
  if (cmd.format === 'json') await io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else for (const r of rows) await io.stdout.write(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.code} ${r.message.replace(/\s*\n\s*/g, ' ')}\n`);
  return rows.some((r) => r.severity === 'error') ? ExitCode.queryError : ExitCode.ok;
}

function merge(service: SqlLanguageService, r: FileDiagnostics, server: SqlDiagnostic[]): SqlDiagnostic[] {
  const judged = service.statements({ key: r.file, text: r.text }).filter((s) => server.some((x) => x.start >= s.start && x.start <= s.end));
  const local = r.diagnostics.filter((l) => !judged.some((s) => l.start >= s.start && l.start <= s.end));
  return [...local, ...server];
}
