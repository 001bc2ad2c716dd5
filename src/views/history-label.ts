// The words of a history entry in the Operations view: when it ran, on which profile, and what it was, as
// one line (the whole statement with comments dropped and whitespace collapsed, not just its first line,
// which is often "SELECT" or a comment). No vscode: the tree turns these into items.
import { isCommentKind, tokenize } from '../sql/lexer';

/** The statement as one line: comments removed, runs of whitespace as one space, cut at `max` characters. */
export function statementSummary(sql: string, max = 80): string {
  let out = '';
  let at = 0;
  for (const t of tokenize(sql)) {
    if (!isCommentKind(t.kind)) continue;
    out += `${sql.slice(at, t.start)} `;
    at = t.end;
  }
  out += sql.slice(at);
  const flat = out.replace(/\s+/g, ' ').trim() || sql.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}\u2026`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "14:03:07" for today, "Dec 5 14:03" for an earlier day (local time). */
export function historyTime(startedAt: number, now: number): string {
  const d = new Date(startedAt);
  const today = new Date(now);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  if (sameDay) return `${time}:${pad(d.getSeconds())}`;
  const year = d.getFullYear() === today.getFullYear() ? '' : ` ${d.getFullYear()}`;
  return `${MONTHS[d.getMonth()]} ${d.getDate()}${year} ${time}`;
}

/** The label of a history entry: time, profile and the statement on one line. */
export function historyLabel(entry: { sql: string; profile: string; startedAt: number }, now: number): string {
  return `${historyTime(entry.startedAt, now)} \u00b7 ${entry.profile} \u00b7 ${statementSummary(entry.sql)}`;
}
