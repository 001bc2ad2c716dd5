// Telling a query from a command. Explaining a query through AnalyzePlan is safe, but Spark executes
// commands while it plans a SQL relation, so anything that is not surely a query is explained with
// the EXPLAIN statement instead. "Surely a query": it starts like one and has no data-changing or
// DDL keyword outside parentheses ("WITH x AS (...) INSERT ..." and "FROM t INSERT ..." are writes).
import { isCommentKind, keyword, tokenize } from './lexer';

const QUERY_START = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'FROM']);
const WRITES = new Set(['INSERT', 'MERGE', 'UPDATE', 'DELETE', 'CREATE', 'DROP', 'ALTER', 'REPLACE', 'TRUNCATE', 'CACHE', 'UNCACHE', 'SET', 'USE']);

export function isQueryStatement(text: string): boolean {
  const tokens = tokenize(text).filter((t) => !isCommentKind(t.kind));
  const first = tokens[0];
  if (!first) return false;
  const startsAsQuery = (first.kind === 'punct' && text[first.start] === '(') || QUERY_START.has(keyword(text, first) ?? '');
  if (!startsAsQuery) return false;
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct') {
      const ch = text[t.start];
      if (ch === '(') depth++;
      else if (ch === ')') depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth === 0 && WRITES.has(keyword(text, t) ?? '')) return false;
  }
  return true;
}
