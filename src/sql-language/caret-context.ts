// What surrounds the caret inside one statement: the partial word being typed, the dotted qualifier
// before it ("o." or "sales.ord"), the keyword or punctuation before that, and whether the caret is
// inside a string or comment (where nothing is completed).
import { type Token, keyword, tokenize } from '../sql/lexer';

export interface CaretContext {
  /** Inside a string, a comment or a quoted identifier's closing part: complete nothing. */
  inert: boolean;
  /** The part of the word before the caret (unquoted). */
  prefix: string;
  /** Offset (in the statement) where the word being typed starts; completions replace from here to the caret. */
  prefixStart: number;
  /** Name parts before the word, as written, unquoted ("o" for "o.", ["sales"] for "sales.ord"). */
  qualifier: string[];
  /** Offset where the qualifier starts (prefixStart when there is none). */
  qualifierStart: number;
  /** Upper-case keyword just before the qualifier/word, if it is a word. */
  previousWord?: string;
  /** The keyword before previousWord (for "GROUP BY", "ORDER BY", "INSERT INTO"). */
  secondPreviousWord?: string;
  /** The punctuation just before, if it is punctuation ("," "(" "=" ...). */
  previousPunct?: string;
  /** True when nothing significant precedes the caret in the statement. */
  atStatementStart: boolean;
}

export function caretContext(text: string, offset: number): CaretContext {
  const tokens = tokenize(text);
  let idx = tokens.findIndex((t) => t.start < offset && offset <= t.end);
  const at = idx >= 0 ? tokens[idx] : undefined;
  const base: CaretContext = { inert: false, prefix: '', prefixStart: offset, qualifier: [], qualifierStart: offset, atStatementStart: false };
  if (at && (at.kind === 'string' || at.kind === 'line-comment' || at.kind === 'block-comment' || at.kind === 'hint')) {
    // At the very end of a closed string or block comment the caret is outside it.
    const closed = !at.unterminated && offset === at.end && at.kind !== 'line-comment';
    if (!closed) return { ...base, inert: true };
  }
  if (at && (at.kind === 'word' || (at.kind === 'quoted-identifier' && at.unterminated))) {
    base.prefixStart = at.start;
    base.prefix = at.kind === 'word' ? text.slice(at.start, offset) : text.slice(at.start + 1, offset);
    base.qualifierStart = at.start;
  } else {
    idx = tokens.findIndex((t) => t.start >= offset);
    if (idx < 0) idx = tokens.length;
  }
  // Walk back over "name ." pairs.
  const significant = (i: number): number => {
    let k = i;
    while (k >= 0 && (tokens[k].kind === 'line-comment' || tokens[k].kind === 'block-comment')) k--;
    return k;
  };
  let k = significant(idx - 1);
  while (k >= 1 && isDot(text, tokens[k]) && isName(tokens[k - 1])) {
    base.qualifier.unshift(nameOf(text, tokens[k - 1]));
    base.qualifierStart = tokens[k - 1].start;
    k = significant(k - 2);
  }
  if (k < 0) base.atStatementStart = true;
  else {
    const prev = tokens[k];
    const w = keyword(text, prev);
    if (w !== undefined) {
      base.previousWord = w;
      const k2 = significant(k - 1);
      if (k2 >= 0) base.secondPreviousWord = keyword(text, tokens[k2]);
    } else if (prev.kind === 'punct' || prev.kind === 'colon' || prev.kind === 'double-colon') {
      base.previousPunct = text.slice(prev.start, prev.end);
    }
  }
  return base;
}

function isDot(text: string, t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'punct' && text[t.start] === '.';
}

function isName(t: Token | undefined): boolean {
  return t !== undefined && (t.kind === 'word' || t.kind === 'quoted-identifier');
}

function nameOf(text: string, t: Token): string {
  const raw = text.slice(t.start, t.end);
  return t.kind === 'quoted-identifier' ? raw.slice(1, -1).replace(/``/g, '`') : raw;
}
