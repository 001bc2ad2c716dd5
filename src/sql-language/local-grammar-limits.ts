// Where the local grammar (Spark 3.5's, through dt-sql-parser) cannot judge a statement. Spark 4 added
// syntax that grammar does not know, and a false squiggle on valid SQL is worse than none: for a
// statement that uses any of it the local tier says nothing and the server decides (its parser is the
// real one, of the connected version). Each entry was a measured false error of the local grammar on
// a statement that Spark 4.3 parses (test/fixtures/sql-language/valid-spark4.sql).
import { type Token, isCommentKind, keyword, tokenize } from '../sql/lexer';

// Statement-level keyword pairs (adjacent significant words) the local grammar lacks.
const WORD_PAIRS: ReadonlyArray<readonly [string, string, string]> = [
  ['EXECUTE', 'IMMEDIATE', 'EXECUTE IMMEDIATE'],
  ['SCHEMA', 'BINDING', 'WITH SCHEMA BINDING'],
  ['SCHEMA', 'COMPENSATION', 'WITH SCHEMA COMPENSATION'],
  ['SCHEMA', 'EVOLUTION', 'WITH SCHEMA EVOLUTION'],
  ['TYPE', 'EVOLUTION', 'WITH SCHEMA TYPE EVOLUTION'],
  ['WITH', 'RECURSIVE', 'WITH RECURSIVE'],
  ['DEFAULT', 'COLLATION', 'DEFAULT COLLATION'],
  ['METRIC', 'VIEW', 'metric views'],
  ['SET', 'VAR', 'SET VAR'],
  ['SET', 'VARIABLE', 'SET VARIABLE'],
  ['DECLARE', 'OR', 'DECLARE OR REPLACE'],
  ['RETURNS', 'TABLE', 'SQL table functions'],
  ['SHOW', 'COLLATIONS', 'SHOW COLLATIONS'],
  ['DESCRIBE', 'PROCEDURE', 'DESCRIBE PROCEDURE'],
  ['ADD', 'CONSTRAINT', 'table constraints'],
  ['DROP', 'CONSTRAINT', 'table constraints'],
  ['MAX', 'RECURSION', 'MAX RECURSION LEVEL'],
  ['WATERMARK', 'FOR', 'watermarks'],
];

// Single words that only Spark 4 gives a meaning the local grammar lacks.
const WORDS = new Map<string, string>([
  ['COLLATE', 'COLLATE'],
  // CREATE TEMP VIEW: Spark accepts TEMP for TEMPORARY; the bundled grammar does not (a false error, seen in e2e).
  ['TEMP', 'TEMP for TEMPORARY'],
  ['DECLARE', 'SQL variables and scripting'],
  ['CALL', 'CALL procedure'],
  ['LANGUAGE', 'SQL functions'],
  ['DETERMINISTIC', 'SQL functions'],
  ['VARIANT', 'VARIANT'],
  ['STREAM', 'STREAM'],
  ['TIME', 'TIME type'],
  ['QUALIFY', 'QUALIFY'],
  ['IDENTITY', 'identity columns'],
  ['RETURNS', 'SQL functions'],
]);

// Leading words of statements the local grammar does not know at all.
const FIRST_WORDS = new Map<string, string>([
  ['BEGIN', 'SQL scripting'],
  ['DECLARE', 'SQL variables and scripting'],
  ['CALL', 'CALL procedure'],
  ['IF', 'SQL scripting'],
  ['WHILE', 'SQL scripting'],
  ['FOR', 'SQL scripting'],
  ['LOOP', 'SQL scripting'],
  ['REPEAT', 'SQL scripting'],
  ['CASE', 'SQL scripting'],
]);

/**
 * The Spark 4 construct that puts `statement` beyond the local grammar, or undefined when the local
 * grammar can judge it. Cheap (one lexer pass); false positives only cost a missed local squiggle.
 */
export function beyondLocalGrammar(statement: string): string | undefined {
  const tokens = tokenize(statement).filter((t) => !isCommentKind(t.kind));
  const words = tokens.map((t) => keyword(statement, t));
  if (words[0] !== undefined && FIRST_WORDS.has(words[0])) return FIRST_WORDS.get(words[0]);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const w = words[i];
    if (t.kind === 'double-colon') return ':: cast';
    if (t.kind === 'punct' && statement[t.start] === '|' && statement[t.end] === '>') return 'pipe |>';
    if (t.kind === 'punct' && statement[t.start] === '=' && statement[t.end] === '>') return 'named argument =>';
    if (t.kind === 'punct' && '<>'.includes(statement[t.start]) && statement[t.end] === statement[t.start]) return 'shift operator << >>';
    if (t.kind === 'punct' && statement[t.start] === '*' && words[i + 1] === 'EXCEPT' && tokens[i + 2]?.kind === 'punct') return 'SELECT * EXCEPT (...)';
    if (t.kind === 'colon' && isVariantPath(statement, tokens, i)) return 'variant path v:a.b';
    if (t.kind === 'string' && statement[t.start] === '$') return 'dollar-quoted string';
    // {df}: a notebook SQL cell (or spark.sql(q, df=df)) names a DataFrame that is substituted before Spark parses.
    if (t.kind === 'punct' && statement[t.start] === '{' && /^\{[A-Za-z_]\w*\}/.test(statement.slice(t.start))) return '{name} DataFrame reference';
    if (w === undefined) continue;
    const single = WORDS.get(w);
    if (single !== undefined && !isQualifiedPart(statement, tokens, i)) return single;
    const next = words[i + 1];
    // A table's CLUSTER BY (liquid clustering); a query's CLUSTER BY is in the local grammar.
    if (w === 'CLUSTER' && next === 'BY' && ['CREATE', 'REPLACE', 'ALTER'].includes(words[0] ?? '')) return 'table CLUSTER BY';
    if (next !== undefined) {
      for (const [a, b, why] of WORD_PAIRS) if (w === a && next === b) return why;
    }
  }
  return undefined;
}

/** "v:a" (a colon right after a name, a ")" or a "]"): a variant path, not a ":param" marker. */
function isVariantPath(text: string, tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1];
  if (!prev || prev.end !== tokens[i].start) return false;
  if (prev.kind === 'word' || prev.kind === 'quoted-identifier') return true;
  return prev.kind === 'punct' && (text[prev.start] === ')' || text[prev.start] === ']');
}

/** A word next to "." is a part of a name (t.time, s.variant), not a keyword. */
function isQualifiedPart(text: string, tokens: Token[], i: number): boolean {
  const dot = (t: Token | undefined): boolean => t?.kind === 'punct' && text[t.start] === '.';
  return dot(tokens[i - 1]) || dot(tokens[i + 1]);
}
