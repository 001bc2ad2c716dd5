// Where the local grammar (Spark 3.5's, through dt-sql-parser) cannot judge a statement, and which
// syntax is Spark 4's. Spark 4 added syntax that grammar does not know, and a false squiggle on valid
// SQL is worse than none. Each construct found here has a position: the grammar's errors BEFORE the
// first construct it lacks are real (the text up to there is plain Spark 3.5 syntax, which the grammar
// knows), errors at or after it are the grammar being unsure, and the server decides. Each entry that
// the grammar lacks was a measured false error on a statement Spark 4.3 parses
// (test/fixtures/sql-language/valid-spark4.sql). `since` marks what Spark 3.5.7's own parser rejects
// (checked against both servers by test/integration/sql-language/version-syntax.test.ts): connected
// to an older server, that syntax is an error (version-syntax.ts).
import { type Token, isCommentKind, keyword, tokenize } from '../sql/lexer';

export interface Spark4Construct {
  /** Statement offsets of the construct's first token (or tokens). */
  start: number;
  end: number;
  /** What it is, for messages ("the pipe operator |>"). */
  why: string;
  /** The local grammar does not know it: its errors from here on are not trusted. */
  localGrammarLacks: boolean;
  /** The first Spark version whose parser accepts it, when an older supported one (3.5) rejects it. */
  since?: string;
}

type Pair = readonly [string, string, string, boolean, string | undefined];
// Statement-level keyword pairs (adjacent significant words): [first, second, why, lacks, since].
const WORD_PAIRS: readonly Pair[] = [
  ['EXECUTE', 'IMMEDIATE', 'EXECUTE IMMEDIATE', true, '4.0'],
  ['SCHEMA', 'BINDING', 'WITH SCHEMA BINDING', true, '4.0'],
  ['SCHEMA', 'COMPENSATION', 'WITH SCHEMA COMPENSATION', true, '4.0'],
  ['SCHEMA', 'EVOLUTION', 'WITH SCHEMA EVOLUTION', true, '4.0'],
  ['TYPE', 'EVOLUTION', 'WITH SCHEMA TYPE EVOLUTION', true, '4.0'],
  ['WITH', 'RECURSIVE', 'WITH RECURSIVE', true, '4.0'],
  ['DEFAULT', 'COLLATION', 'DEFAULT COLLATION', true, undefined],
  ['METRIC', 'VIEW', 'metric views', true, undefined],
  ['SET', 'VAR', 'SET VAR', true, '4.0'],
  ['SET', 'VARIABLE', 'SET VARIABLE', true, '4.0'],
  ['DECLARE', 'OR', 'DECLARE OR REPLACE', true, '4.0'],
  ['RETURNS', 'TABLE', 'SQL table functions', true, '4.0'],
  ['SHOW', 'COLLATIONS', 'SHOW COLLATIONS', true, undefined],
  ['DESCRIBE', 'PROCEDURE', 'DESCRIBE PROCEDURE', true, undefined],
  ['ADD', 'CONSTRAINT', 'table constraints', true, undefined],
  ['DROP', 'CONSTRAINT', 'table constraints', true, undefined],
  ['MAX', 'RECURSION', 'MAX RECURSION LEVEL', true, undefined],
  ['WATERMARK', 'FOR', 'watermarks', true, undefined],
  // The local grammar knows it; Spark 3.5's parser does not.
  ['TEMPORARY', 'VARIABLE', 'SQL session variables', false, '4.0'],
];

// Single words that only Spark 4 gives a meaning the local grammar lacks. A word that can also be a
// name (time, stream, variant) only puts off the grammar's errors from its position on; it is never a
// version error, because a column called `time` is valid on every server.
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
const FIRST_WORDS = new Map<string, [string, string | undefined]>([
  ['BEGIN', ['SQL scripting', '4.0']],
  ['DECLARE', ['SQL variables and scripting', '4.0']],
  ['CALL', ['CALL procedure', '4.0']],
  ['IF', ['SQL scripting', '4.0']],
  ['WHILE', ['SQL scripting', '4.0']],
  ['FOR', ['SQL scripting', '4.0']],
  ['LOOP', ['SQL scripting', '4.0']],
  ['REPEAT', ['SQL scripting', '4.0']],
  ['CASE', ['SQL scripting', '4.0']],
]);

/** Every Spark 4 construct of `statement`, in text order. Cheap: one lexer pass. */
export function spark4Constructs(statement: string): Spark4Construct[] {
  const tokens = tokenize(statement).filter((t) => !isCommentKind(t.kind));
  const words = tokens.map((t) => keyword(statement, t));
  const out: Spark4Construct[] = [];
  const add = (from: Token, to: Token, why: string, localGrammarLacks: boolean, since?: string): void => {
    out.push({ start: from.start, end: to.end, why, localGrammarLacks, ...(since ? { since } : {}) });
  };
  const first = FIRST_WORDS.get(words[0] ?? '');
  if (first) add(tokens[0], tokens[0], first[0], true, first[1]);
  const ch = (t: Token | undefined): string | undefined => (t ? statement[t.start] : undefined);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const w = words[i];
    const next = tokens[i + 1];
    const glued = next !== undefined && next.start === t.end;
    if (t.kind === 'double-colon') add(t, t, 'the :: cast', true, '4.0');
    else if (t.kind === 'punct' && ch(t) === '|' && glued && ch(next) === '>') add(t, next, 'the pipe operator |>', true, '4.0');
    else if (t.kind === 'punct' && ch(t) === '=' && glued && ch(next) === '>') add(t, next, 'a named argument =>', true);
    else if (t.kind === 'punct' && (ch(t) === '<' || ch(t) === '>') && glued && ch(next) === ch(t) && !(ch(t) === '>' && ch(tokens[i - 1]) === '<')) {
      add(t, next, `the shift operator ${ch(t)}${ch(t)}`, true, '4.0');
      i++;
    } else if (t.kind === 'punct' && ch(t) === '*' && words[i + 1] === 'EXCEPT' && ch(tokens[i + 2]) === '(') add(t, tokens[i + 1], 'SELECT * EXCEPT (...)', true, '4.0');
    else if (t.kind === 'colon' && isVariantPath(statement, tokens, i)) add(t, t, 'a variant path v:a.b', true, '4.0');
    else if (t.kind === 'string' && statement[t.start] === '$') add(t, t, 'a dollar-quoted string', true);
    // {df}: a notebook SQL cell (or spark.sql(q, df=df)) names a DataFrame that is substituted before Spark parses.
    else if (t.kind === 'punct' && ch(t) === '{' && /^\{[A-Za-z_]\w*\}/.test(statement.slice(t.start))) add(t, t, 'a {name} DataFrame reference', true);
    if (w === undefined) continue;
    const single = WORDS.get(w);
    if (single !== undefined && !isQualifiedPart(statement, tokens, i)) add(t, t, single, true, versionOfWord(statement, tokens, words, i));
    // A table's CLUSTER BY (liquid clustering); a query's CLUSTER BY is in the local grammar.
    if (w === 'CLUSTER' && words[i + 1] === 'BY' && ['CREATE', 'REPLACE', 'ALTER'].includes(words[0] ?? '')) add(t, tokens[i + 1], 'a table CLUSTER BY', true, '4.0');
    if (words[i + 1] !== undefined) {
      for (const [a, b, why, lacks, since] of WORD_PAIRS) {
        if (w !== a || words[i + 1] !== b) continue;
        // "WITH SCHEMA …" of a view: the grammar already stumbles on the WITH.
        const withAt = words[i - 1] === 'WITH' ? i - 1 : words[i - 2] === 'WITH' && words[i - 1] === 'SCHEMA' ? i - 2 : i;
        add(tokens[withAt], tokens[i + 1], why, lacks, since);
      }
    }
    // A SQL function (CREATE [TEMPORARY] FUNCTION name(params) …): the grammar knows only "name AS 'class'".
    if (w === 'FUNCTION' && words.slice(0, i).includes('CREATE')) {
      let k = i + 1;
      while (k + 2 < tokens.length && ch(tokens[k + 1]) === '.') k += 2;
      if (tokens[k]?.kind !== 'punct' && ch(tokens[k + 1]) === '(') add(tokens[k + 1], tokens[k + 1], 'a SQL function', true, '4.0');
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The Spark 4 construct that puts `statement` beyond the local grammar, or undefined when the local
 * grammar can judge all of it.
 */
export function beyondLocalGrammar(statement: string): string | undefined {
  return spark4Constructs(statement).find((c) => c.localGrammarLacks)?.why;
}

/**
 * A single word is version-keyed only where it cannot be a name: COLLATE between an expression and a
 * collation name, QUALIFY before a condition, IDENTITY after GENERATED … AS, RETURNS after a SQL
 * function's parameter list, LANGUAGE SQL.
 */
function versionOfWord(text: string, tokens: Token[], words: Array<string | undefined>, i: number): string | undefined {
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const after = tokens[i + 2];
  const endsExpression = prev !== undefined && (prev.kind === 'word' || prev.kind === 'string' || prev.kind === 'quoted-identifier' || text[prev.start] === ')');
  switch (words[i]) {
    case 'COLLATE': return endsExpression && next?.kind === 'word' && words[i - 1] !== 'SELECT' ? '4.0' : undefined;
    case 'QUALIFY': return endsExpression && next?.kind === 'word' && after !== undefined && text[after.start] === '(' ? '4.0' : undefined;
    case 'IDENTITY': return words[i - 1] === 'AS' && words.slice(Math.max(0, i - 4), i).includes('GENERATED') ? '4.0' : undefined;
    case 'RETURNS': return words[i - 1] === undefined && prev !== undefined && text[prev.start] === ')' && words.includes('FUNCTION') ? '4.0' : undefined;
    case 'LANGUAGE': return words[i + 1] === 'SQL' && words.includes('FUNCTION') ? '4.0' : undefined;
    default: return undefined;
  }
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
