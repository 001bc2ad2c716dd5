// Statements that change the session and have no result set worth a grid: `SET key = value`, `RESET`,
// `USE ...`, `SET CATALOG / SCHEMA / NAMESPACE / TIME ZONE / VAR / VARIABLE ...`. Spark answers
// `SET k = v` with a one-row (key, value) table, which in a run of a whole file would open a results tab
// per setting; these report in the run's log instead. `SET` and `SET key` (no "=") ask for values and
// keep their grid.
import { isCommentKind, keyword, tokenize } from './lexer';

const SET_TARGETS = new Set(['CATALOG', 'SCHEMA', 'NAMESPACE', 'TIME', 'VAR', 'VARIABLE']);

export function isSessionSettingCommand(text: string): boolean {
  const tokens = tokenize(text).filter((t) => !isCommentKind(t.kind));
  const first = keyword(text, tokens[0]);
  if (first === 'RESET' || first === 'USE') return true;
  if (first !== 'SET') return false;
  if (SET_TARGETS.has(keyword(text, tokens[1]) ?? '')) return true;
  // SET key = value: an "=" outside strings and quoted names (the lexer keeps those whole).
  return tokens.some((t) => t.kind === 'punct' && text.slice(t.start, t.end) === '=');
}
