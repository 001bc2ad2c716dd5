// Telling a query from a command, the way Spark's parser tells them apart.
//
// Two callers depend on the answer being safe: the row limit wraps a query in Limit(n + 1), and explain
// sends a query through AnalyzePlan. Spark executes a command while it plans a SQL relation, so a command
// taken for a query would run (and its result would escape the limit). Anything that is not surely a
// query is therefore NOT a query; a query taken for a command only loses its row limit.
//
// In Spark's grammar (SqlBaseParser `statement`), a statement is a query when it is
//   ctes? queryTerm queryOrganization
// where a queryTerm starts with SELECT, FROM, TABLE, VALUES, MAP, REDUCE or "(" query ")". The commands
// that share a first word with queries are exactly two:
//   ctes dmlStatement                    WITH a AS (...) INSERT / MERGE / UPDATE / DELETE / FROM t INSERT ...
//   fromClause multiInsertQueryBody+     FROM t INSERT INTO x SELECT ... [INSERT INTO y SELECT ...]
// So we read the statement's structure, not its words: a word counts as a statement keyword only where
// a statement (or a multi-insert body) can begin, and never when it is quoted, a function name (before
// "("), a part of a qualified name (next to "."), an alias (after AS), or inside parentheses. A statement
// that starts with SELECT, VALUES, TABLE or "(" is a query whatever words follow, so replace(...), t.update
// and "x.set" in it no longer matter.
import { Token, isCommentKind, keyword, tokenize } from './lexer';

// Words that begin a query term on their own (SELECT ... / VALUES ... / TABLE t / MAP ... / REDUCE ...).
const QUERY_TERM_START = new Set(['SELECT', 'VALUES', 'TABLE', 'MAP', 'REDUCE']);
// Words that may sit between a CTE's name (and column list) and its "(query)": "AS" and Spark 4.1's
// recursion limit "MAX RECURSION LEVEL n".
const CTE_NAME_WORDS = new Set(['AS', 'MAX', 'RECURSION', 'LEVEL']);

/** True only when `text` is one statement that Spark's parser reads as a query. */
export function isQueryStatement(text: string): boolean {
  const view = StatementView.of(text);
  return view !== undefined && view.isQuery(0, view.end);
}

/** The significant tokens of one statement, with each "(" paired to its ")". */
class StatementView {
  private constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    /** Index just past the last token before any trailing semicolons. */
    readonly end: number,
    /** For each "(" token, the index of its ")". */
    private readonly closeOf: Map<number, number>,
  ) {}

  /** Undefined for text that cannot be a single well-formed statement (we then answer "not a query"). */
  static of(text: string): StatementView | undefined {
    // Hints (/*+ ... */) sit inside a SELECT clause and do not change the statement's kind.
    const all = tokenize(text);
    // An unterminated string or comment: the server would not read what we read.
    if (all.some((t) => t.unterminated)) return undefined;
    const tokens = all.filter((t) => !isCommentKind(t.kind) && t.kind !== 'hint');
    let end = tokens.length;
    // Spark accepts trailing semicolons after one statement; any other semicolon means more than one.
    while (end > 0 && tokens[end - 1].kind === 'semicolon') end--;
    const closeOf = new Map<number, number>();
    const open: number[] = [];
    for (let i = 0; i < end; i++) {
      const t = tokens[i];
      if (t.kind === 'semicolon') return undefined;
      if (t.kind !== 'punct') continue;
      const ch = text[t.start];
      if (ch === '(') open.push(i);
      else if (ch === ')') {
        const o = open.pop();
        if (o === undefined) return undefined;
        closeOf.set(o, i);
      }
    }
    if (open.length > 0) return undefined;
    return new StatementView(text, tokens, end, closeOf);
  }

  /** Is tokens[from, to) a query? */
  isQuery(from: number, to: number): boolean {
    if (from >= to) return false;
    if (this.isPunct(from, '(')) {
      // "(query)" followed by set operations, ORDER BY, LIMIT, pipes: the group decides.
      const close = this.closeOf.get(from)!;
      return close < to && this.isQuery(from + 1, close);
    }
    const kw = this.statementKeyword(from, to);
    if (kw === undefined) return false;
    if (QUERY_TERM_START.has(kw)) return true;
    if (kw === 'FROM') return !this.hasInsertBody(from + 1, to);
    if (kw === 'WITH') return this.isQueryAfterCtes(from + 1, to);
    return false;
  }

  /**
   * "FROM t INSERT INTO ..." is a multi-insert command; "FROM t SELECT ..." a query. An INSERT at the
   * top level of a FROM statement can only be the start of an insert body (or an alias, which we do not
   * try to tell apart: when unsure, not a query).
   */
  private hasInsertBody(from: number, to: number): boolean {
    for (let i = from; i < to; i++) {
      if (this.isPunct(i, '(')) {
        i = this.closeOf.get(i)!;
        continue;
      }
      // insert(...) would be a function call; an insert body is INSERT INTO / INSERT OVERWRITE.
      if (this.statementKeyword(i, to) === 'INSERT' && !this.isPunct(i + 1, '(')) return true;
    }
    return false;
  }

  /**
   * After WITH: `[RECURSIVE] name [(columns)] [AS] (query) [, ...]` and then the statement the CTEs
   * belong to, which must itself be a query. Every CTE body must be a query too.
   */
  private isQueryAfterCtes(from: number, to: number): boolean {
    let i = from;
    // RECURSIVE is the keyword when a name follows it; Spark 4.3 reads "WITH recursive AS (...)" as a CTE
    // named "AS" too (checked with PySpark).
    if (this.statementKeyword(i, to) === 'RECURSIVE' && this.isName(i + 1, to)) i++;
    for (;;) {
      if (!this.isName(i, to)) return false;
      i++;
      // A column list is a parenthesised list of names; a body never is (a query cannot be just names).
      if (this.isPunct(i, '(')) {
        const close = this.closeOf.get(i)!;
        if (this.isNameList(i + 1, close)) i = close + 1;
      }
      while (i < to && (CTE_NAME_WORDS.has(this.bareWord(i) ?? '') || this.isNumber(i))) i++;
      if (!this.isPunct(i, '(')) return false;
      const close = this.closeOf.get(i)!;
      if (close >= to || !this.isQuery(i + 1, close)) return false;
      i = close + 1;
      if (this.isPunct(i, ',')) {
        i++;
        continue;
      }
      return this.isQuery(i, to);
    }
  }

  /**
   * The upper-case keyword at i when it stands where a keyword can: a bare word that is not part of a
   * qualified name (t.update, update.x) and not an alias (AS set). A word before "(" may still be a
   * keyword (VALUES (1), FROM (SELECT ...)); callers that look for a command word rule out calls.
   */
  private statementKeyword(i: number, to: number): string | undefined {
    const kw = this.bareWord(i);
    if (kw === undefined) return undefined;
    if (i > 0 && (this.isPunct(i - 1, '.') || this.bareWord(i - 1) === 'AS')) return undefined;
    if (i + 1 < to && this.isPunct(i + 1, '.')) return undefined;
    return kw;
  }

  private bareWord(i: number): string | undefined {
    return keyword(this.text, this.tokens[i]);
  }

  private isPunct(i: number, ch: string): boolean {
    const t = this.tokens[i];
    return t !== undefined && t.kind === 'punct' && this.text[t.start] === ch;
  }

  private isNumber(i: number): boolean {
    const t = this.tokens[i];
    return t !== undefined && t.kind === 'word' && /^\d+$/.test(this.text.slice(t.start, t.end));
  }

  private isName(i: number, to: number): boolean {
    const t = this.tokens[i];
    return i < to && t !== undefined && (t.kind === 'quoted-identifier' || (t.kind === 'word' && !this.isNumber(i)));
  }

  /** tokens[from, to) is `name (, name)*`. */
  private isNameList(from: number, to: number): boolean {
    if (from >= to || (to - from) % 2 === 0) return false;
    for (let i = from; i < to; i += 2) {
      if (!this.isName(i, to)) return false;
      if (i + 1 < to && !this.isPunct(i + 1, ',')) return false;
    }
    return true;
  }
}
