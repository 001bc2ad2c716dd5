// Statement splitting for Spark SQL documents.
//
// Semicolons end statements, except inside strings, quoted identifiers, comments and SQL scripts.
// A SQL script (Spark 4 "SQL scripting") is a compound statement BEGIN ... END that holds its own
// semicolon-separated statements, nested BEGIN ... END blocks and control flow (IF/WHILE/LOOP/REPEAT/
// FOR ... END <kind>, CASE ... END CASE), plus CASE expressions that end with a bare END. Inside a
// script we keep a stack of the blocks that a bare END can close (BEGIN and CASE); "END IF",
// "END WHILE", "END LOOP", "END REPEAT" and "END FOR" close blocks we do not need to track.
// A word next to "." is part of a qualified name (s.end, e.case, t.begin, begin.x), never a keyword,
// and END or CASE after AS is an alias. Dollar-quoted bodies ($$...$$) are single string tokens (lexer).
import { Token, isCommentKind, keyword, tokenize } from './lexer';

export interface SqlStatement {
  /** 0-based position of the statement in the document. */
  index: number;
  /** The text to send to the server: from the first to the last significant token. */
  text: string;
  /** Document offset of the first character of `text`. */
  start: number;
  /** Document offset just past the last character of `text`. */
  end: number;
  /** Document offset just past the terminating ';', or `end` when there is none. */
  terminatorEnd: number;
  /** True for a SQL script (BEGIN ... END). */
  isScript: boolean;
}

// Keywords after which a BEGIN inside a script opens a nested compound statement rather than being
// an identifier (a column may be called "begin").
const BEGIN_FOLLOWS = new Set(['THEN', 'ELSE', 'DO', 'BEGIN', 'LOOP', 'REPEAT']);
// "END <kind>" closes a control-flow block that the splitter does not track.
const UNTRACKED_END = new Set(['IF', 'WHILE', 'LOOP', 'REPEAT', 'FOR']);

/**
 * Splits `text` into statements. `baseOffset` is added to every offset, for splitting a selection
 * inside a larger document.
 */
export function splitStatements(text: string, baseOffset = 0): SqlStatement[] {
  const tokens = tokenize(text);
  const statements: SqlStatement[] = [];
  // Significant tokens of the statement being read (comments excluded).
  let current: Token[] = [];
  let isScript = false;
  const blocks: Array<'BEGIN' | 'CASE'> = [];
  // Inside a script: the significant tokens of the inner statement being read, to recognise
  // "DECLARE ... HANDLER FOR ... BEGIN".
  let inner: Token[] = [];

  const finish = (terminator: Token | undefined): void => {
    if (current.length > 0) {
      const start = current[0].start;
      const end = current[current.length - 1].end;
      statements.push({
        index: statements.length,
        text: text.slice(start, end),
        start: baseOffset + start,
        end: baseOffset + end,
        terminatorEnd: baseOffset + (terminator ? terminator.end : end),
        isScript,
      });
    }
    current = [];
    inner = [];
    isScript = false;
    blocks.length = 0;
  };

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    if (isCommentKind(token.kind)) continue;

    if (blocks.length === 0) {
      if (token.kind === 'semicolon') {
        finish(token);
        continue;
      }
      // A script starts with BEGIN, or "label: BEGIN" (rejected by Spark at top level, but kept whole).
      // Only those two places are looked at: reading the keyword of every token made splitting a large
      // file (the language service's first request) several times slower than tokenizing it.
      const mayOpen = current.length === 0 || (current.length === 2 && current[1].kind === 'colon');
      if (mayOpen && token.kind === 'word' && blockKeyword(text, tokens, t) === 'BEGIN') {
        blocks.push('BEGIN');
        isScript = true;
      }
      current.push(token);
      continue;
    }

    // Inside a script.
    current.push(token);
    const kw = blockKeyword(text, tokens, t);
    if (token.kind === 'semicolon') {
      inner = [];
      continue;
    }
    if (kw === 'BEGIN' && opensBlock(text, inner)) {
      blocks.push('BEGIN');
      inner = [];
      continue;
    }
    if (kw === 'CASE') {
      blocks.push('CASE');
    } else if (kw === 'END') {
      const nextAt = nextSignificant(tokens, t + 1);
      const nextKw = nextAt < tokens.length ? blockKeyword(text, tokens, nextAt) : undefined;
      if (nextKw !== undefined && UNTRACKED_END.has(nextKw)) {
        current.push(tokens[nextAt]);
        t = nextAt;
      } else {
        if (nextKw === 'CASE') {
          current.push(tokens[nextAt]);
          t = nextAt;
        }
        blocks.pop();
        if (blocks.length === 0) {
          // The script is closed; what follows up to ';' (an end label) still belongs to it.
          inner = [];
          continue;
        }
      }
    }
    inner.push(token);
  }
  finish(undefined);
  return statements;
}

function opensBlock(text: string, inner: Token[]): boolean {
  const prev = inner[inner.length - 1];
  if (prev === undefined) return true; // first token of an inner statement
  if (prev.kind === 'colon') return true; // "label: BEGIN"
  const prevKw = keyword(text, prev);
  if (prevKw !== undefined && BEGIN_FOLLOWS.has(prevKw)) return true;
  // "DECLARE EXIT HANDLER FOR <conditions> BEGIN ... END"
  const hasHandler = inner.some((t) => keyword(text, t) === 'HANDLER');
  return hasHandler && prev.kind !== 'punct';
}

/**
 * The keyword at tokens[t] where the script grammar can read one: not a part of a qualified name
 * (a word before or after "."), and for END and CASE not an alias ("AS end").
 */
function blockKeyword(text: string, tokens: Token[], t: number): string | undefined {
  const kw = keyword(text, tokens[t]);
  if (kw === undefined) return undefined;
  const prev = tokens[previousSignificant(tokens, t - 1)];
  const next = tokens[nextSignificant(tokens, t + 1)];
  if (isDot(text, prev) || isDot(text, next)) return undefined;
  if ((kw === 'END' || kw === 'CASE') && keyword(text, prev) === 'AS') return undefined;
  // A block's END follows a statement's ';' or its BEGIN, a CASE expression's END follows a value: after
  // '(' or ',' it is a name in a list, as in the column aliases of "AS t(begin, end)".
  if (kw === 'END' && prev?.kind === 'punct' && (text[prev.start] === '(' || text[prev.start] === ',')) return undefined;
  return kw;
}

function isDot(text: string, token: Token | undefined): boolean {
  return token?.kind === 'punct' && text[token.start] === '.';
}

/** Index of the previous token that is not a comment, or -1. */
function previousSignificant(tokens: Token[], from: number): number {
  let i = from;
  while (i >= 0 && isCommentKind(tokens[i].kind)) i--;
  return i;
}

/** Index of the next token that is not a comment, or tokens.length. */
function nextSignificant(tokens: Token[], from: number): number {
  let i = from;
  while (i < tokens.length && isCommentKind(tokens[i].kind)) i++;
  return i;
}
