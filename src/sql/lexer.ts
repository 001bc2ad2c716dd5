// A small lexer for Spark SQL text, just precise enough to know where strings, quoted identifiers,
// comments and statement separators are. It follows Spark's SqlBaseLexer where that matters for
// splitting and parameter markers (checked against Spark 4.3 with PySpark):
//  - '...' and "..." strings with backslash escapes; a doubled quote inside continues the string;
//  - raw strings R'...' / R"..." (no escapes), only when the R starts a token;
//  - `...` identifiers where `` is an escaped backtick (no backslash escapes);
//  - "--" comments run to the end of the line, but a backslash right before the newline continues them;
//  - /* ... */ comments nest; "/*+" opens a hint, which is part of the statement, not a comment;
//  - dollar-quoted bodies $$...$$ and $tag$...$tag$ (Spark 4.2+, e.g. a metric view's YAML): the tag is
//    letters only, the body ends at the first exact (case-sensitive) repeat of the opening tag, and
//    nothing inside (quotes, comments, semicolons) counts;
//  - identifiers of the form scheme://path may contain '?', '=', '&' (Spark's IDENTIFIER rule), so a
//    '?' inside a path is not a parameter marker.
// Unterminated strings and comments run to the end of the text, as the server would read them.

export type TokenKind =
  | 'word'
  | 'quoted-identifier'
  | 'string'
  | 'line-comment'
  | 'block-comment'
  | 'hint'
  | 'semicolon'
  | 'colon'
  | 'double-colon'
  | 'question'
  | 'punct';

export interface Token {
  kind: TokenKind;
  /** Offset of the first character (UTF-16 code units, like VS Code and the JVM). */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** True when a string, identifier or comment reaches the end of the text without its closing mark. */
  unterminated?: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const LETTER = /\p{L}/u;
// Characters Spark accepts after "scheme://" inside an unquoted identifier.
const URI_CHAR = /[\p{L}\p{N}_/\-.?=&#%]/u;

export function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  // ASCII without a regular expression: the language service splits 10,000-line files while typing.
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
  return WORD_CHAR.test(ch);
}

/** Whitespace as /\s/ reads it, with the ASCII cases answered without a regular expression. */
function isSpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(ch);
}

export function isCommentKind(kind: TokenKind): boolean {
  return kind === 'line-comment' || kind === 'block-comment';
}

/** Splits text into tokens, leaving out whitespace. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  let dollar: { end: number; closed: boolean } | undefined;
  while (i < n) {
    const ch = text[i];
    const next = text[i + 1];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (ch === '-' && next === '-') {
      i = scanLineComment(text, i + 2);
      tokens.push({ kind: 'line-comment', start, end: i });
    } else if (ch === '/' && next === '*') {
      const hint = text[i + 2] === '+';
      const r = scanBlockComment(text, i + 2);
      i = r.end;
      tokens.push({ kind: hint ? 'hint' : 'block-comment', start, end: i, ...(r.closed ? {} : { unterminated: true }) });
    } else if (ch === "'" || ch === '"') {
      const r = scanQuoted(text, i + 1, ch, true);
      i = r.end;
      tokens.push({ kind: 'string', start, end: i, ...(r.closed ? {} : { unterminated: true }) });
    } else if (ch === '$' && (dollar = scanDollarQuoted(text, i)) !== undefined) {
      i = dollar.end;
      tokens.push({ kind: 'string', start, end: i, ...(dollar.closed ? {} : { unterminated: true }) });
    } else if (ch === '`') {
      const r = scanQuoted(text, i + 1, '`', false);
      i = r.end;
      tokens.push({ kind: 'quoted-identifier', start, end: i, ...(r.closed ? {} : { unterminated: true }) });
    } else if (isWordChar(ch)) {
      i = scanWord(text, i);
      const quote = text[i];
      // R'...' is a raw string only when the R is the whole word so far (Spark's maximal munch).
      if (i === start + 1 && (ch === 'r' || ch === 'R') && (quote === "'" || quote === '"')) {
        const close = text.indexOf(quote, i + 1);
        i = close < 0 ? n : close + 1;
        tokens.push({ kind: 'string', start, end: i, ...(close < 0 ? { unterminated: true } : {}) });
      } else {
        tokens.push({ kind: 'word', start, end: i });
      }
    } else if (ch === ';') {
      i++;
      tokens.push({ kind: 'semicolon', start, end: i });
    } else if (ch === ':') {
      if (next === ':') {
        i += 2;
        tokens.push({ kind: 'double-colon', start, end: i });
      } else {
        i++;
        tokens.push({ kind: 'colon', start, end: i });
      }
    } else if (ch === '?') {
      i++;
      tokens.push({ kind: 'question', start, end: i });
    } else {
      // Surrogate pairs stay together so that a token never splits a character.
      i += text.codePointAt(i)! > 0xffff ? 2 : 1;
      tokens.push({ kind: 'punct', start, end: i });
    }
  }
  return tokens;
}

/**
 * A dollar-quoted string starting at i, or undefined when no tag starts there. The tag is Spark's
 * DOLLAR_QUOTED_TAG, '$' LETTER* '$' with ASCII letters; the string ends after the tag's next exact repeat.
 */
function scanDollarQuoted(text: string, i: number): { end: number; closed: boolean } | undefined {
  let j = i + 1;
  while (j < text.length && /[A-Za-z]/.test(text[j])) j++;
  if (text[j] !== '$') return undefined;
  const tag = text.slice(i, j + 1);
  const close = text.indexOf(tag, j + 1);
  return close < 0 ? { end: text.length, closed: false } : { end: close + tag.length, closed: true };
}

function scanLineComment(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '\n' || ch === '\r') break;
    i++;
  }
  return i;
}

function scanBlockComment(text: string, i: number): { end: number; closed: boolean } {
  const n = text.length;
  let depth = 1;
  while (i < n) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return { end: i, closed: true };
    } else {
      i++;
    }
  }
  return { end: n, closed: false };
}

function scanQuoted(text: string, i: number, quote: string, backslashEscapes: boolean): { end: number; closed: boolean } {
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      // A doubled quote is an escaped quote (Spark 4.x strings, and `` in identifiers).
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return { end: i + 1, closed: true };
    }
    i++;
  }
  return { end: n, closed: false };
}

function scanWord(text: string, i: number): number {
  const start = i;
  const n = text.length;
  while (i < n && isWordChar(text[i])) i++;
  // scheme://path identifiers: only when the word so far is letters only, as in Spark's grammar.
  if (text.startsWith('://', i) && [...text.slice(start, i)].every((c) => LETTER.test(c)) && URI_CHAR.test(text[i + 3] ?? '')) {
    i += 3;
    while (i < n && URI_CHAR.test(text[i])) i++;
  }
  return i;
}

/** The word's text in upper case, for keyword comparisons; undefined for other tokens. */
export function keyword(text: string, token: Token | undefined): string | undefined {
  return token?.kind === 'word' ? text.slice(token.start, token.end).toUpperCase() : undefined;
}
