// Which relations a statement's text puts in scope at the caret, read from tokens (the statement is
// usually incomplete while it is typed, so a parse tree is not to be had): tables and views with their
// aliases, CTEs (with their column lists or select lists), derived tables (subqueries with an alias,
// whose columns are their select list), table functions and LATERAL VIEWs. "o." after "FROM orders o"
// finds orders through the alias. The innermost query block around the caret comes first, then the
// blocks that enclose it (correlated references).
import { type Token, isCommentKind, keyword, tokenize } from '../sql/lexer';

export interface Relation {
  kind: 'table' | 'cte' | 'subquery' | 'function';
  /** Name parts as written, unquoted (empty for a subquery). */
  nameParts: string[];
  alias?: string;
  /** Columns the text defines (a CTE's or subquery's select list, a column alias list); undefined: ask the catalog. */
  columns?: DerivedColumn[];
  /** Offset in the statement of the reference. */
  start: number;
}

/** A named output column, or "*" (all columns of these relations). */
export type DerivedColumn = { name: string } | { star: Relation[] };

export interface StatementScope {
  /** CTEs of the statement by lower-case name. */
  ctes: Map<string, Relation>;
  /** Relations visible at the caret, innermost block first. */
  relations: Relation[];
}

// Words after which a table reference follows.
const REF_STARTERS = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE']);
// Words that end a FROM clause (or a reference) at the same depth.
const CLAUSE_ENDS = new Set(['WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'WINDOW', 'QUALIFY', 'SELECT', 'UNION',
  'EXCEPT', 'INTERSECT', 'MINUS', 'SORT', 'CLUSTER', 'DISTRIBUTE', 'SET', 'WHEN', 'VALUES', 'PIVOT', 'UNPIVOT', 'INSERT',
  'PARTITION', 'BY', 'USING']);
// Words that are never an alias right after a table name.
const NOT_ALIAS = new Set([...CLAUSE_ENDS, 'ON', 'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'OUTER', 'SEMI',
  'ANTI', 'LATERAL', 'TABLESAMPLE', 'VERSION', 'TIMESTAMP', 'FOR', 'AS', 'FROM', 'WITH', 'USING', 'INTO', 'AND', 'OR', 'NOT',
  'END', 'THEN', 'ELSE', 'CASE', 'IS', 'IN', 'LIKE', 'BETWEEN', 'NULL', 'ASC', 'DESC']);
const QUERY_STARTS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE']);

export function scopeAt(text: string, offset: number): StatementScope {
  return new ScopeReader(text).scopeAt(offset);
}

/** The select list's output columns of a whole statement (for a CTE or a view being written). */
export function outputColumns(text: string): DerivedColumn[] {
  const r = new ScopeReader(text);
  return r.selectList(0, r.tokens.length);
}

class ScopeReader {
  readonly tokens: Token[];
  /** For each "(" its ")" (or tokens.length when unclosed), and for each ")" its "(". */
  private readonly match: number[];
  readonly ctes = new Map<string, Relation>();
  private isMerge = false;

  constructor(private readonly text: string) {
    this.tokens = tokenize(text).filter((t) => !isCommentKind(t.kind) && t.kind !== 'hint');
    this.match = new Array<number>(this.tokens.length).fill(-1);
    const stack: number[] = [];
    this.tokens.forEach((_t, i) => {
      if (this.is(i, '(')) stack.push(i);
      else if (this.is(i, ')') && stack.length > 0) {
        const o = stack.pop()!;
        this.match[o] = i;
        this.match[i] = o;
      }
    });
    for (const o of stack) this.match[o] = this.tokens.length;
    this.isMerge = this.kw(0) === 'MERGE';
    this.readCtes();
  }

  scopeAt(offset: number): StatementScope {
    // Query blocks around the caret: parenthesised groups that start a query, innermost first.
    const blocks: Array<[number, number]> = [];
    for (let i = 0; i < this.tokens.length; i++) {
      if (!this.is(i, '(')) continue;
      const close = this.match[i];
      const closeStart = close < this.tokens.length ? this.tokens[close].start : Number.POSITIVE_INFINITY;
      if (this.tokens[i].end <= offset && offset <= closeStart && QUERY_STARTS.has(this.kw(i + 1) ?? '')) blocks.push([i + 1, close]);
    }
    blocks.sort((a, b) => b[0] - a[0]);
    blocks.push([0, this.tokens.length]);
    const relations: Relation[] = [];
    for (const [lo, hi] of blocks) relations.push(...this.relationsIn(lo, hi));
    return { ctes: this.ctes, relations };
  }

  /** Relations of the FROM clauses (and INTO/UPDATE/MERGE targets) of the block [lo, hi), at its own depth. */
  relationsIn(lo: number, hi: number): Relation[] {
    const out: Relation[] = [];
    let mode: 'none' | 'ref' | 'after' = 'none';
    let i = lo;
    while (i < hi) {
      const k = this.kw(i);
      if (this.is(i, '(')) {
        if (mode === 'ref') {
          const close = this.match[i];
          const rel: Relation = { kind: 'subquery', nameParts: [], start: this.tokens[i].start, columns: this.selectList(i + 1, close) };
          i = this.readAlias(close + 1, rel);
          out.push(rel);
          mode = 'after';
        } else {
          i = this.match[i] + 1;
        }
        continue;
      }
      if (k !== undefined && (REF_STARTERS.has(k) || (k === 'USING' && this.isMerge) || (k === 'TABLE' && i === lo))) {
        mode = 'ref';
        i++;
        continue;
      }
      if (k === 'LATERAL' && this.kw(i + 1) === 'VIEW') {
        i = this.readLateralView(i + 2, out);
        continue;
      }
      if (mode === 'ref' && this.isName(i) && !(k !== undefined && NOT_ALIAS.has(k) && this.tokens[i].kind === 'word')) {
        const rel = this.readTableRef(i);
        out.push(rel.relation);
        i = rel.next;
        mode = 'after';
        continue;
      }
      if (this.is(i, ',') && mode !== 'none') mode = 'ref';
      else if (k === 'ON') mode = 'after';
      else if ((k !== undefined && CLAUSE_ENDS.has(k) && !(k === 'USING' && this.isMerge)) || this.isPipe(i)) mode = 'none';
      i++;
    }
    return out;
  }

  /** A select list's columns: the first SELECT at depth 0 in [lo, hi), up to its FROM. */
  selectList(lo: number, hi: number): DerivedColumn[] {
    let i = lo;
    while (i < hi && this.kw(i) !== 'SELECT') i = this.is(i, '(') ? this.match[i] + 1 : i + 1;
    if (i >= hi) return [];
    i++;
    if (this.kw(i) === 'DISTINCT' || this.kw(i) === 'ALL') i++;
    const items: Array<[number, number]> = [];
    let start = i;
    for (; i < hi; i++) {
      const k = this.kw(i);
      if (this.is(i, '(')) {
        i = this.match[i];
        continue;
      }
      if (this.is(i, ',')) {
        items.push([start, i]);
        start = i + 1;
      } else if (k === 'FROM' || k === 'WHERE' || k === 'GROUP' || k === 'ORDER' || k === 'LIMIT' || k === 'UNION' || this.isPipe(i)) {
        break;
      }
    }
    if (start < i) items.push([start, Math.min(i, hi)]);
    const blockRelations = (): Relation[] => this.relationsIn(lo, hi);
    const out: DerivedColumn[] = [];
    for (const [a, b] of items) {
      const n = b - a;
      if (n <= 0) continue;
      const last = b - 1;
      if (this.is(last, '*')) {
        if (n >= 3 && this.is(last - 1, '.')) {
          const q = this.name(last - 2).toLowerCase();
          out.push({ star: blockRelations().filter((r) => matchesQualifier(r, [q])) });
        } else {
          out.push({ star: blockRelations() });
        }
        continue;
      }
      if (!this.isName(last)) continue;
      const lastName = this.name(last);
      if (n === 1) out.push({ name: lastName });
      else if (this.kw(last - 1) === 'AS') out.push({ name: lastName });
      else if (this.is(last - 1, '.') && this.onlyNameChain(a, b)) out.push({ name: lastName });
      else if (this.is(last - 1, ')') || (this.isName(last - 1) && !NOT_ALIAS.has(this.kw(last) ?? ''))) out.push({ name: lastName });
    }
    return out;
  }

  private readCtes(): void {
    for (let i = 0; i < this.tokens.length; i++) {
      if (this.kw(i) !== 'WITH') continue;
      let j = i + 1;
      if (this.kw(j) === 'RECURSIVE') j++;
      for (;;) {
        if (!this.isName(j) || !this.isCteHead(j)) break;
        const name = this.name(j);
        const rel: Relation = { kind: 'cte', nameParts: [name], start: this.tokens[j].start };
        j++;
        if (this.is(j, '(')) {
          rel.columns = this.namesIn(j + 1, this.match[j]);
          j = this.match[j] + 1;
        }
        while (j < this.tokens.length && !this.is(j, '(')) j++;
        if (j >= this.tokens.length) break;
        const close = this.match[j];
        rel.columns ??= this.selectList(j + 1, close);
        this.ctes.set(name.toLowerCase(), rel);
        j = close + 1;
        if (!this.is(j, ',')) break;
        j++;
      }
    }
  }

  /** "name [(cols)] AS (" or "name [(cols)] MAX RECURSION LEVEL n AS (" follows at j. */
  private isCteHead(j: number): boolean {
    let k = j + 1;
    if (this.is(k, '(')) k = this.match[k] + 1;
    for (let steps = 0; steps < 6 && k < this.tokens.length; steps++, k++) {
      if (this.kw(k) === 'AS') return this.is(k + 1, '(');
    }
    return false;
  }

  private readTableRef(i: number): { relation: Relation; next: number } {
    const parts = [this.name(i)];
    const start = this.tokens[i].start;
    let j = i + 1;
    while (this.is(j, '.') && this.isName(j + 1)) {
      parts.push(this.name(j + 1));
      j += 2;
    }
    let relation: Relation;
    if (this.is(j, '(')) {
      relation = { kind: 'function', nameParts: parts, start };
      j = this.match[j] + 1;
    } else {
      const cte = parts.length === 1 ? this.ctes.get(parts[0].toLowerCase()) : undefined;
      relation = cte ? { kind: 'cte', nameParts: parts, start, ...(cte.columns ? { columns: cte.columns } : {}) } : { kind: 'table', nameParts: parts, start };
    }
    // Time travel and sampling sit between the name and the alias.
    for (;;) {
      const k = this.kw(j);
      if (k === 'TABLESAMPLE' && this.is(j + 1, '(')) j = this.match[j + 1] + 1;
      else if ((k === 'VERSION' || k === 'TIMESTAMP') && this.kw(j + 1) === 'AS' && this.kw(j + 2) === 'OF') j += 4;
      else break;
    }
    return { relation, next: this.readAlias(j, relation) };
  }

  /** Reads "[AS] alias [(col, ...)]" at j into rel; returns the index after it. */
  private readAlias(j: number, rel: Relation): number {
    let k = j;
    const hadAs = this.kw(k) === 'AS';
    if (hadAs) k++;
    if (this.isName(k) && (hadAs || this.tokens[k].kind === 'quoted-identifier' || !NOT_ALIAS.has(this.kw(k) ?? ''))) {
      rel.alias = this.name(k);
      k++;
      if (this.is(k, '(')) {
        rel.columns = this.namesIn(k + 1, this.match[k]);
        k = this.match[k] + 1;
      }
      return k;
    }
    return j;
  }

  /** LATERAL VIEW [OUTER] f(...) alias [AS] c1, c2 */
  private readLateralView(j: number, out: Relation[]): number {
    if (this.kw(j) === 'OUTER') j++;
    const start = this.tokens[j]?.start ?? this.text.length;
    const parts: string[] = [];
    while (this.isName(j) && !this.is(j + 1, '(')) {
      parts.push(this.name(j));
      j += this.is(j + 1, '.') ? 2 : 1;
    }
    if (this.isName(j)) parts.push(this.name(j++));
    if (this.is(j, '(')) j = this.match[j] + 1;
    const rel: Relation = { kind: 'function', nameParts: parts, start };
    if (this.isName(j) && this.kw(j) !== 'AS') rel.alias = this.name(j++);
    if (this.kw(j) === 'AS') j++;
    const cols: DerivedColumn[] = [];
    while (this.isName(j)) {
      cols.push({ name: this.name(j++) });
      if (!this.is(j, ',') || !this.isName(j + 1) || NOT_ALIAS.has(this.kw(j + 1) ?? '')) break;
      j++;
    }
    rel.columns = cols;
    out.push(rel);
    return j;
  }

  private namesIn(lo: number, hi: number): DerivedColumn[] {
    const out: DerivedColumn[] = [];
    for (let i = lo; i < hi; i++) if (this.isName(i) && (i === lo || this.is(i - 1, ','))) out.push({ name: this.name(i) });
    return out;
  }

  private onlyNameChain(a: number, b: number): boolean {
    for (let i = a; i < b; i++) if (!(this.isName(i) || this.is(i, '.'))) return false;
    return true;
  }

  private is(i: number, ch: string): boolean {
    const t = this.tokens[i];
    return t !== undefined && (t.kind === 'punct' || t.kind === 'colon') && this.text.slice(t.start, t.end) === ch;
  }

  private isPipe(i: number): boolean {
    return this.is(i, '|') && this.is(i + 1, '>') && this.tokens[i].end === this.tokens[i + 1].start;
  }

  kw(i: number): string | undefined {
    return keyword(this.text, this.tokens[i]);
  }

  isName(i: number): boolean {
    const t = this.tokens[i];
    return t !== undefined && (t.kind === 'word' || t.kind === 'quoted-identifier');
  }

  name(i: number): string {
    const t = this.tokens[i];
    const raw = this.text.slice(t.start, t.end);
    if (t.kind !== 'quoted-identifier') return raw;
    return raw.slice(1, t.unterminated ? undefined : -1).replace(/``/g, '`');
  }
}

/** True when `qualifier` (lower-case parts) names the relation: its alias, or its name (or name suffix) when it has none. */
export function matchesQualifier(r: Relation, qualifier: readonly string[]): boolean {
  if (r.alias !== undefined) return qualifier.length === 1 && r.alias.toLowerCase() === qualifier[0];
  const parts = r.nameParts.map((p) => p.toLowerCase());
  if (qualifier.length > parts.length) return false;
  const tail = parts.slice(parts.length - qualifier.length);
  return tail.every((p, i) => p === qualifier[i]);
}
