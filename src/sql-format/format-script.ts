// Formatting a SQL script (Spark 4 SQL scripting: a BEGIN ... END compound statement). The script's
// structure is laid out one statement per line, indented by block: BEGIN/END, IF/ELSEIF/ELSE/END IF,
// WHILE ... DO/END WHILE, FOR ... DO/END FOR, LOOP/END LOOP, REPEAT/UNTIL/END REPEAT, CASE/WHEN/ELSE/
// END CASE, labels ("lbl: WHILE ... END WHILE lbl"), and DECLARE ... HANDLER FOR ... BEGIN ... END.
// The statements inside (SELECT, SET, DECLARE, LEAVE, ITERATE...) go through the one-statement
// formatter; conditions (IF x > 0 THEN) keep their tokens on one line. Only blanks between tokens ever
// change: a token is never split or joined (touching tokens stay touching), comments are kept in order,
// nothing inside a string, comment or $$...$$ body is re-indented, and the result must pass the same
// token check as every formatted statement. A script whose structure is not read here (an unclosed
// block, a handler with an IF body) is kept as written, with the reason.
import { type Token, isCommentKind, keyword, tokenize } from '../sql/lexer';
import { formatStatement, type StatementResult } from './format-statement';
import type { SqlFormatOptions } from './options';
import { compareTokens } from './token-check';

class ScriptShapeError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Formats one script (its text without the terminating ';'); `eol` is the document's line break. */
export function formatScript(text: string, options: SqlFormatOptions, eol = '\n'): StatementResult {
  const tokens = tokenize(text);
  const open = tokens.find((t) => t.unterminated);
  if (open !== undefined) {
    return { kind: 'kept', refused: true, reason: `not formatted: the ${open.kind.replace('-', ' ')} here is not closed`, offset: open.start };
  }
  let out: string;
  try {
    out = new ScriptWriter(text, tokens, options, eol).script();
  } catch (err) {
    if (!(err instanceof ScriptShapeError)) throw err;
    return { kind: 'kept', refused: true, reason: `not formatted: ${err.message}`, offset: err.offset };
  }
  const diff = compareTokens(text, out);
  if (diff !== undefined) return { kind: 'kept', refused: true, reason: `not formatted: ${diff.message}`, offset: diff.offset };
  return { kind: 'formatted', text: out };
}

// Keywords that may follow a label ("lbl: WHILE").
const LABELLED = new Set(['BEGIN', 'WHILE', 'LOOP', 'REPEAT', 'FOR']);

class ScriptWriter {
  private out = '';
  /** Index of the next token not written yet. */
  private pos = 0;
  /** The last thing written ends with a line comment: the next token must start a new line. */
  private afterLineComment = false;
  private readonly unit: string;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly options: SqlFormatOptions,
    private readonly eol: string,
  ) {
    this.unit = options.useTabs ? '\t' : ' '.repeat(Math.max(1, options.tabWidth));
  }

  script(): string {
    this.statement(0);
    this.comments(0, false);
    if (this.pos < this.tokens.length) this.fail('this text after the end of the script is not read', this.tokens[this.pos]);
    return this.out;
  }

  // ---- reading -------------------------------------------------------------------------------------

  /** Index of the next significant (non-comment) token at or after `from`. */
  private next(from = this.pos): number {
    let i = from;
    while (i < this.tokens.length && isCommentKind(this.tokens[i].kind)) i++;
    return i;
  }

  /** The keyword a token reads as in the script grammar: not part of a qualified name (a.end, end.x). */
  private kw(i: number): string | undefined {
    const t = this.tokens[i];
    const k = keyword(this.text, t);
    if (k === undefined) return undefined;
    const dot = (j: number): boolean => this.tokens[j]?.kind === 'punct' && this.text[this.tokens[j].start] === '.';
    let p = i - 1;
    while (p >= 0 && isCommentKind(this.tokens[p].kind)) p--;
    if (dot(p) || dot(this.next(i + 1))) return undefined;
    if ((k === 'END' || k === 'CASE') && keyword(this.text, this.tokens[p]) === 'AS') return undefined;
    return k;
  }

  private fail(message: string, at: Token | undefined): never {
    throw new ScriptShapeError(message, at ? at.start : this.text.length);
  }

  private expect(word: string, depth: number): void {
    const i = this.next();
    if (this.kw(i) !== word) this.fail(`${word} expected here`, this.tokens[i]);
    this.comments(depth, true);
    this.keyword(i, depth);
  }

  // ---- writing -------------------------------------------------------------------------------------

  private newline(depth: number, blankBefore = false): void {
    if (this.out === '') return;
    this.out += (blankBefore ? this.eol : '') + this.eol + this.unit.repeat(depth);
    this.afterLineComment = false;
  }

  /** Writes tokens[i] as it is, after a space (or a new line after a line comment). */
  private token(i: number, depth: number, space = true): void {
    const t = this.tokens[i];
    if (this.afterLineComment) this.newline(depth);
    else if (space && this.out !== '' && !/\s$/.test(this.out)) this.out += ' ';
    this.out += this.text.slice(t.start, t.end);
    this.afterLineComment = t.kind === 'line-comment';
    this.pos = i + 1;
  }

  /** Writes the structural keyword tokens[i] in the keyword case chosen. */
  private keyword(i: number, depth: number): void {
    const t = this.tokens[i];
    const raw = this.text.slice(t.start, t.end);
    const cased = this.options.keywordCase === 'upper' ? raw.toUpperCase() : this.options.keywordCase === 'lower' ? raw.toLowerCase() : raw;
    this.token(i, depth);
    this.out = this.out.slice(0, this.out.length - raw.length) + cased;
  }

  /**
   * Writes the comments before the next significant token: one that was on its own line goes on its
   * own line at `depth` (after a blank line when there was one), one that trailed a token stays there.
   */
  private comments(depth: number, inline: boolean): void {
    while (this.pos < this.tokens.length && isCommentKind(this.tokens[this.pos].kind)) {
      const gap = this.gapBefore(this.pos);
      if (!inline && gap.includes('\n')) this.newline(depth, gap.split('\n').length > 2);
      this.token(this.pos, depth);
    }
  }

  private gapBefore(i: number): string {
    return this.text.slice(i === 0 ? 0 : this.tokens[i - 1].end, this.tokens[i].start);
  }

  /**
   * Writes the tokens up to (not including) the first token `stop` accepts outside parentheses and
   * CASE ... END expressions, keeping touching tokens touching and putting one space elsewhere.
   * Answers the index of that token.
   */
  private until(stop: (i: number) => boolean, depth: number, what: string): number {
    let parens = 0;
    let cases = 0;
    const first = this.pos;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i];
      if (isCommentKind(t.kind)) {
        this.token(i, depth + 1);
        continue;
      }
      const ch = this.text[t.start];
      const k = this.kw(i);
      if (parens === 0 && cases === 0 && stop(i)) return i;
      if (t.kind === 'semicolon') this.fail(`${what} expected before this ';'`, t);
      if (t.kind === 'punct' && ch === '(') parens++;
      else if (t.kind === 'punct' && ch === ')') parens--;
      else if (k === 'CASE') cases++;
      else if (k === 'END' && cases > 0) cases--;
      this.token(i, depth + 1, i === first || this.gapBefore(i) !== '');
    }
    return this.fail(`${what} expected`, undefined);
  }

  // ---- the grammar ---------------------------------------------------------------------------------

  /** One statement of a body (or the script itself at depth 0), without its ';'. */
  private statement(depth: number): void {
    this.comments(depth, false);
    const i = this.next();
    if (i >= this.tokens.length) this.fail('a statement expected', undefined);
    // "lbl: WHILE ..."
    if (this.tokens[i].kind === 'word' && this.tokens[this.next(i + 1)]?.kind === 'colon' && LABELLED.has(this.kw(this.next(this.next(i + 1) + 1)) ?? '')) {
      this.token(i, depth);
      this.comments(depth, true);
      this.token(this.next(), depth, false);
      this.comments(depth, true);
    }
    const start = this.next();
    switch (this.kw(start)) {
      case 'BEGIN': return this.compound(depth);
      case 'IF': return this.ifStatement(depth);
      case 'WHILE': return this.loop(depth, 'WHILE', 'DO');
      case 'FOR': return this.loop(depth, 'FOR', 'DO');
      case 'LOOP': return this.loop(depth, 'LOOP', undefined);
      case 'REPEAT': return this.repeat(depth);
      case 'CASE': return this.caseStatement(depth);
      case 'DECLARE': if (this.handlerWithBlock(start)) return this.handler(depth);
    }
    this.simple(depth);
  }

  /** A body: statements, each ended by ';', up to a keyword of `ends`. */
  private body(depth: number, ends: readonly string[]): void {
    for (;;) {
      const i = this.next();
      if (i >= this.tokens.length) this.fail(`${ends.join(' or ')} expected`, undefined);
      if (ends.includes(this.kw(i) ?? '')) {
        // Comments before the closing keyword belong to the body.
        this.comments(depth, false);
        return;
      }
      // Comments before the statement: trailing the previous line, or on lines of their own.
      this.comments(depth, false);
      this.newline(depth, this.gapBefore(i).split('\n').length > 2);
      this.statement(depth);
      this.comments(depth, true);
      const semi = this.next();
      if (this.tokens[semi]?.kind !== 'semicolon') this.fail("';' expected after this statement", this.tokens[semi]);
      this.token(semi, depth, false);
    }
  }

  private compound(depth: number): void {
    this.expect('BEGIN', depth);
    this.body(depth + 1, ['END']);
    this.close(depth, undefined);
  }

  /** END [kind] [label] on a line of its own at `depth`. */
  private close(depth: number, kind: string | undefined): void {
    const end = this.next();
    if (this.kw(end) !== 'END') this.fail(`END${kind ? ` ${kind}` : ''} expected`, this.tokens[end]);
    this.newline(depth);
    this.keyword(end, depth);
    if (kind) this.expect(kind, depth);
    // An end label: a word before the ';' (or the end of the script).
    const label = this.next();
    if (this.tokens[label]?.kind === 'word' && label < this.tokens.length) {
      this.comments(depth, true);
      this.token(label, depth);
    }
  }

  private ifStatement(depth: number): void {
    this.expect('IF', depth);
    this.until((i) => this.kw(i) === 'THEN', depth, 'THEN');
    this.keyword(this.next(), depth);
    this.body(depth + 1, ['ELSEIF', 'ELSE', 'END']);
    for (;;) {
      const i = this.next();
      const k = this.kw(i);
      if (k === 'ELSEIF') {
        this.newline(depth);
        this.keyword(i, depth);
        this.until((j) => this.kw(j) === 'THEN', depth, 'THEN');
        this.keyword(this.next(), depth);
        this.body(depth + 1, ['ELSEIF', 'ELSE', 'END']);
      } else if (k === 'ELSE') {
        this.newline(depth);
        this.keyword(i, depth);
        this.body(depth + 1, ['END']);
      } else {
        return this.close(depth, 'IF');
      }
    }
  }

  /** WHILE cond DO ... END WHILE, FOR [x AS] query DO ... END FOR, LOOP ... END LOOP. */
  private loop(depth: number, kind: string, opener: string | undefined): void {
    this.expect(kind, depth);
    if (opener) {
      this.until((i) => this.kw(i) === opener, depth, opener);
      this.keyword(this.next(), depth);
    }
    this.body(depth + 1, ['END']);
    this.close(depth, kind);
  }

  private repeat(depth: number): void {
    this.expect('REPEAT', depth);
    this.body(depth + 1, ['UNTIL']);
    const until = this.next();
    this.newline(depth);
    this.keyword(until, depth);
    this.until((i) => this.kw(i) === 'END' && this.kw(this.next(i + 1)) === 'REPEAT', depth, 'END REPEAT');
    this.close(depth, 'REPEAT');
  }

  /** CASE [operand] WHEN x THEN ... [WHEN ...] [ELSE ...] END CASE, each WHEN one level in. */
  private caseStatement(depth: number): void {
    this.expect('CASE', depth);
    this.until((i) => this.kw(i) === 'WHEN', depth, 'WHEN');
    for (;;) {
      const i = this.next();
      const k = this.kw(i);
      if (k === 'WHEN') {
        this.newline(depth + 1);
        this.keyword(i, depth + 1);
        this.until((j) => this.kw(j) === 'THEN', depth + 1, 'THEN');
        this.keyword(this.next(), depth + 1);
        this.body(depth + 2, ['WHEN', 'ELSE', 'END']);
      } else if (k === 'ELSE') {
        this.newline(depth + 1);
        this.keyword(i, depth + 1);
        this.body(depth + 2, ['END']);
      } else {
        return this.close(depth, 'CASE');
      }
    }
  }

  /** Whether the DECLARE at `start` declares a handler whose action is a BEGIN ... END block. */
  private handlerWithBlock(start: number): boolean {
    let handler = false;
    for (let i = start; i < this.tokens.length && this.tokens[i].kind !== 'semicolon'; i++) {
      const k = this.kw(i);
      if (k === 'HANDLER') handler = true;
      else if (k === 'BEGIN' && handler) return true;
    }
    return false;
  }

  private handler(depth: number): void {
    this.keyword(this.next(), depth);
    this.until((i) => this.kw(i) === 'BEGIN', depth, 'BEGIN');
    this.compound(depth);
  }

  /** A statement without blocks: formatted on its own and indented, or kept as written. */
  private simple(depth: number): void {
    const first = this.next();
    let last = first;
    while (last + 1 < this.tokens.length && this.tokens[last + 1].kind !== 'semicolon') {
      const k = this.kw(last + 1);
      // A closing keyword where a ';' should be: the statement before it is not ended.
      if (k === 'END' && this.endsBlock(last + 1)) this.fail("';' expected before END", this.tokens[last + 1]);
      last++;
    }
    if (last + 1 >= this.tokens.length) this.fail("';' expected after this statement", this.tokens[last]);
    const source = this.text.slice(this.tokens[first].start, this.tokens[last].end);
    const r = formatStatement(source, this.options, this.eol);
    if (this.afterLineComment) this.newline(depth);
    else if (this.out !== '' && !/\s$/.test(this.out)) this.out += ' ';
    this.out += r.kind === 'formatted' ? indent(r.text, this.eol + this.unit.repeat(depth)) : source;
    const written = r.kind === 'formatted' ? tokenize(r.text) : this.tokens.slice(first, last + 1);
    this.afterLineComment = written[written.length - 1]?.kind === 'line-comment';
    this.pos = last + 1;
  }

  /** Whether the END at i closes a script block (END IF, END WHILE..., or a bare END before ';'/label). */
  private endsBlock(i: number): boolean {
    const after = this.kw(this.next(i + 1));
    return after !== undefined && ['IF', 'WHILE', 'LOOP', 'REPEAT', 'FOR', 'CASE'].includes(after);
  }
}

/** Puts `lineStart` in place of every line break of `text` that is not inside a token (a string, a comment). */
function indent(text: string, lineStart: string): string {
  const tokens = tokenize(text);
  let out = '';
  let from = 0;
  let t = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    while (t < tokens.length && tokens[t].end <= i) t++;
    if (t < tokens.length && tokens[t].start < i) continue; // inside a token
    const lineBreakStart = i > 0 && text[i - 1] === '\r' ? i - 1 : i;
    out += text.slice(from, lineBreakStart) + lineStart;
    from = i + 1;
  }
  return out + text.slice(from);
}
