// Where a CTE name or a table alias is defined in one statement, and where it is used: the answers
// behind Go to Definition and Find References in SQL documents. Token-based and tolerant: it reads
// what it can recognise (WITH lists, FROM/JOIN relations with their aliases, `x.` qualifiers) and
// says nothing about the rest.
//
// Scopes follow parentheses: a name defined inside ( ... ) is visible there and in what that holds,
// and a use resolves to the nearest definition outward (a subquery's alias hides an outer one of the
// same name). Names compare as Spark compares unquoted identifiers by default: case-insensitively,
// with `backticks` removed.
import { type Token, isCommentKind, tokenize } from './lexer';

export interface NameSpan {
  start: number;
  end: number;
}

export interface NameResolution {
  kind: 'cte' | 'alias';
  /** The name as written at its definition. */
  name: string;
  definition: NameSpan;
  /** Every use, the definition not included, in text order. */
  references: NameSpan[];
}

interface Definition {
  kind: 'cte' | 'alias';
  token: number;
  scope: number;
  key: string;
}

// Words that end a relation rather than name its alias.
const NOT_ALIAS = new Set([
  'WHERE', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL',
  'SEMI', 'ANTI', 'OUTER', 'ON', 'USING', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS', 'WINDOW', 'QUALIFY', 'LATERAL', 'PIVOT',
  'UNPIVOT', 'TABLESAMPLE', 'CLUSTER', 'DISTRIBUTE', 'SORT', 'FOR', 'SELECT', 'FROM', 'WITH', 'AS', 'INSERT', 'VALUES',
  'WHEN', 'THEN', 'SET', 'VERSION', 'TIMESTAMP', 'WATERMARK', 'INTO', 'OVERWRITE', 'PARTITION', 'AND', 'OR',
]);
const RELATION_START = new Set(['FROM', 'JOIN', 'TABLE', 'INTO', 'USING', 'UPDATE']);

class StatementTokens {
  readonly tokens: Token[];
  /** Scope of each token: 0 for the statement, a new number inside each pair of parentheses. */
  readonly scopeOf: number[] = [];
  /** Parent of each scope (-1 for the statement's). */
  readonly parent: number[] = [-1];
  /** For each "(" its ")" (or the end). */
  readonly close = new Map<number, number>();

  constructor(readonly text: string) {
    this.tokens = tokenize(text).filter((t) => !isCommentKind(t.kind) && t.kind !== 'hint');
    const stack: Array<{ scope: number; at: number }> = [];
    let scope = 0;
    this.tokens.forEach((_t, i) => {
      const ch = this.char(i);
      if (ch === ')' && stack.length > 0) {
        const open = stack.pop()!;
        this.close.set(open.at, i);
        scope = open.scope;
      }
      this.scopeOf.push(scope);
      if (ch === '(') {
        stack.push({ scope, at: i });
        this.parent.push(scope);
        scope = this.parent.length - 1;
      }
    });
    for (const open of stack) this.close.set(open.at, this.tokens.length);
  }

  char(i: number): string | undefined {
    const t = this.tokens[i];
    return t?.kind === 'punct' ? this.text[t.start] : undefined;
  }

  word(i: number): string | undefined {
    const t = this.tokens[i];
    return t?.kind === 'word' ? this.text.slice(t.start, t.end).toUpperCase() : undefined;
  }

  isName(i: number): boolean {
    const t = this.tokens[i];
    return t !== undefined && (t.kind === 'word' || t.kind === 'quoted-identifier');
  }

  key(i: number): string {
    const t = this.tokens[i];
    const raw = this.text.slice(t.start, t.end);
    return t.kind === 'quoted-identifier' ? raw.slice(1, -1).replace(/``/g, '`').toLowerCase() : raw.toLowerCase();
  }

  /** The index after a "(" ... ")" group starting at i (i itself when there is no "(" at i). */
  skipGroup(i: number): number {
    return this.char(i) === '(' ? (this.close.get(i) ?? this.tokens.length) + 1 : i;
  }

  /** True when scope `inner` is `outer` or inside it. */
  within(inner: number, outer: number): boolean {
    for (let s = inner; s >= 0; s = this.parent[s]) if (s === outer) return true;
    return false;
  }
}

/** Reads the definitions and the candidate uses of names in one statement. */
function collect(st: StatementTokens): { defs: Definition[]; relationNames: Set<number> } {
  const defs: Definition[] = [];
  const relationNames = new Set<number>();
  const n = st.tokens.length;
  for (let i = 0; i < n; i++) {
    if (st.char(i - 1) === '.') continue;
    const w = st.word(i);
    if (w === 'WITH') readCtes(st, i + 1, defs);
    else if (w !== undefined && RELATION_START.has(w)) readRelations(st, i + 1, w === 'FROM', defs, relationNames);
    else if (w === 'AS' && st.char(i - 1) === '>' && st.char(i - 2) === '|' && st.isName(i + 1)) {
      // Pipe syntax: |> AS alias names the table so far.
      defs.push({ kind: 'alias', token: i + 1, scope: st.scopeOf[i + 1], key: st.key(i + 1) });
    }
  }
  return { defs, relationNames };
}

function readCtes(st: StatementTokens, from: number, defs: Definition[]): void {
  let i = st.word(from) === 'RECURSIVE' ? from + 1 : from;
  const scope = st.scopeOf[from - 1];
  for (;;) {
    if (!st.isName(i) || st.scopeOf[i] !== scope) return;
    const nameAt = i;
    i = st.skipGroup(i + 1); // column list
    while (i < st.tokens.length && st.char(i) !== '(' && st.scopeOf[i] === scope && st.char(i) !== ',') i++; // AS, MAX RECURSION LEVEL n
    if (st.char(i) !== '(') return;
    defs.push({ kind: 'cte', token: nameAt, scope, key: st.key(nameAt) });
    i = st.skipGroup(i);
    if (st.char(i) !== ',') return;
    i++;
  }
}

function readRelations(st: StatementTokens, from: number, list: boolean, defs: Definition[], relationNames: Set<number>): void {
  let i = from;
  const scope = st.scopeOf[from - 1];
  for (;;) {
    if (st.word(i) === 'LATERAL') i++;
    if (st.char(i) === '(') {
      i = st.skipGroup(i);
    } else if (st.isName(i) && !NOT_ALIAS.has(st.word(i) ?? '')) {
      const first = i;
      i++;
      while (st.char(i) === '.' && st.isName(i + 1)) i += 2;
      if (i === first + 1) relationNames.add(first);
      i = st.skipGroup(i); // a table-valued function's arguments
    } else {
      return;
    }
    if (st.word(i) === 'AS') i++;
    if (st.isName(i) && !NOT_ALIAS.has(st.word(i) ?? '') && st.scopeOf[i] === scope) {
      defs.push({ kind: 'alias', token: i, scope, key: st.key(i) });
      i = st.skipGroup(i + 1); // AS t(a, b)
    }
    if (!list || st.char(i) !== ',') return;
    i++;
  }
}

/** The definition a use at token i refers to: the nearest one outward with its name, if any. */
function definitionFor(st: StatementTokens, defs: Definition[], i: number, kinds: ReadonlySet<Definition['kind']>): Definition | undefined {
  const key = st.key(i);
  let best: Definition | undefined;
  for (const d of defs) {
    if (d.key !== key || !kinds.has(d.kind) || !st.within(st.scopeOf[i], d.scope)) continue;
    // Nearest scope wins; at the same scope an alias hides a CTE (FROM cte AS cte).
    if (!best || st.within(d.scope, best.scope) && (d.scope !== best.scope || d.kind === 'alias')) best = d;
  }
  return best;
}

const ANY = new Set<Definition['kind']>(['cte', 'alias']);
const CTE = new Set<Definition['kind']>(['cte']);

/** The CTE or alias at `offset` of one statement's `text`, with its definition and uses. */
export function resolveNameAt(text: string, offset: number): NameResolution | undefined {
  const st = new StatementTokens(text);
  const at = st.tokens.findIndex((t) => t.start <= offset && offset <= t.end && (t.kind === 'word' || t.kind === 'quoted-identifier'));
  if (at < 0 || st.char(at - 1) === '.') return undefined;
  const { defs, relationNames } = collect(st);
  const uses = (d: Definition): number[] => st.tokens.map((_, i) => i).filter((i) => {
    if (i === d.token || !st.isName(i) || st.char(i - 1) === '.' || st.key(i) !== d.key) return false;
    const qualifier = st.char(i + 1) === '.';
    if (qualifier) return definitionFor(st, defs, i, ANY) === d;
    return d.kind === 'cte' && relationNames.has(i) && definitionFor(st, defs, i, CTE) === d;
  });
  const own = defs.find((d) => d.token === at);
  let target = own;
  if (!target) {
    const kinds = st.char(at + 1) === '.' ? ANY : relationNames.has(at) ? CTE : undefined;
    target = kinds && definitionFor(st, defs, at, kinds);
    if (target && !uses(target).includes(at)) target = undefined;
  }
  if (!target) return undefined;
  const span = (i: number): NameSpan => ({ start: st.tokens[i].start, end: st.tokens[i].end });
  return { kind: target.kind, name: text.slice(st.tokens[target.token].start, st.tokens[target.token].end), definition: span(target.token), references: uses(target).map(span) };
}
