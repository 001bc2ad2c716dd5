// Completion at the caret of one statement: keywords the grammar expects there (plus "BY" after
// GROUP/ORDER/SORT/CLUSTER/DISTRIBUTE/PARTITION, which the grammar misses because those words are also
// valid aliases), catalogs, schemas, tables and views, columns of the relations in scope (through
// aliases, CTEs and subqueries), functions of the server's registry, and statement snippets.
// Catalog answers come from the session's CatalogCache: fetched once, then instant.
import type { CatalogCache } from './catalog-cache';
import { caretContext, type CaretContext } from './caret-context';
import { isCommentKind, keyword, tokenize } from '../sql/lexer';
import type { EntityKind, GrammarCandidates, SqlGrammar } from './grammar';
import type { GrammarHost } from './grammar-host';
import { beyondLocalGrammar } from './local-grammar-limits';
import { matchesQualifier, scopeAt, type Relation } from './scope';
import { SQL_SNIPPETS } from './snippets';

export type CompletionKind = 'keyword' | 'catalog' | 'database' | 'table' | 'view' | 'column' | 'function' | 'alias' | 'snippet';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** One line shown next to the label (a column's type, a table's kind). */
  detail?: string;
  documentation?: string;
  /** Text to insert when it differs from the label; a VS Code snippet when isSnippet. */
  insertText?: string;
  isSnippet?: boolean;
  /** Orders groups: columns before functions before keywords. */
  sortText: string;
}

export interface CompletionResult {
  items: CompletionEntry[];
  /** Statement offsets of the text the chosen item replaces (the word typed so far). */
  replaceStart: number;
  replaceEnd: number;
  /** The grammar had no answer in time (warming up, or a slow parse): ask again on the next keystroke. */
  incomplete?: boolean;
}

export interface CompletionInput {
  statement: string;
  /** Caret offset within the statement. */
  offset: number;
  grammar?: SqlGrammar;
  /** The grammar behind a host (a worker thread): asked with a deadline, never waited for while it warms up. */
  host?: GrammarHost;
  catalog?: CatalogCache;
  /** Statement is a SQL script (BEGIN … END): the grammar is not asked. */
  isScript?: boolean;
}

const BY_WORDS = new Set(['GROUP', 'ORDER', 'SORT', 'CLUSTER', 'DISTRIBUTE', 'PARTITION']);
const TABLE_WORDS = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'USING', 'DESCRIBE', 'DESC']);
const COLUMN_WORDS = new Set(['SELECT', 'WHERE', 'AND', 'OR', 'ON', 'BY', 'HAVING', 'SET', 'WHEN', 'THEN', 'ELSE', 'NOT',
  'DISTINCT', 'CASE', 'QUALIFY', 'EXTEND', 'AGGREGATE']);
const EXPRESSION_PUNCT = new Set(['(', '=', '<', '>', '+', '-', '*', '/', '%', '!', '|', '&', '^', ',']);
const STATEMENT_STARTS = ['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'INSERT INTO', 'INSERT OVERWRITE', 'MERGE INTO', 'UPDATE',
  'DELETE FROM', 'CREATE TABLE', 'CREATE OR REPLACE TEMPORARY VIEW', 'CREATE VIEW', 'CREATE DATABASE', 'DROP TABLE', 'DROP VIEW',
  'ALTER TABLE', 'DESCRIBE', 'SHOW TABLES', 'SHOW DATABASES', 'EXPLAIN', 'USE', 'SET', 'CACHE TABLE', 'REFRESH TABLE',
  'ANALYZE TABLE', 'TRUNCATE TABLE', 'DECLARE VARIABLE', 'BEGIN', 'EXECUTE IMMEDIATE'];
// While the grammar cannot answer in time, the clause words that most often come next (VS Code filters
// them by what is typed).
const FALLBACK_KEYWORDS = ['WHERE', 'GROUP BY', 'ORDER BY', 'HAVING', 'LIMIT', 'JOIN', 'LEFT JOIN', 'INNER JOIN', 'ON', 'AS', 'AND',
  'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'BETWEEN', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'UNION', 'UNION ALL', 'ASC', 'DESC'];
/** How long completion waits for the worker's grammar before answering without it (the bar is 50 ms p95). */
export const GRAMMAR_WAIT_MS = 25;
const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The sort groups, best first. */
const SORT: Record<CompletionKind, string> = {
  column: '1', alias: '2', table: '3', view: '3', database: '4', catalog: '5', function: '6', keyword: '7', snippet: '8',
};

export async function complete(input: CompletionInput): Promise<CompletionResult> {
  const { statement, offset, catalog } = input;
  const ctx = caretContext(statement, offset);
  const result: CompletionResult = { items: [], replaceStart: ctx.prefixStart, replaceEnd: offset };
  if (ctx.inert) return result;
  const add = (e: Omit<CompletionEntry, 'sortText'>): void => {
    result.items.push({ ...e, sortText: `${SORT[e.kind]}${e.label.toLowerCase()}` });
  };

  if (ctx.qualifier.length > 0) {
    await completeQualified(statement, offset, ctx, catalog, add);
    return dedupe(result);
  }

  // "BY" after GROUP/ORDER/...: the one thing that can follow.
  if (ctx.previousWord !== undefined && BY_WORDS.has(ctx.previousWord)) {
    add({ label: 'BY', kind: 'keyword' });
    return result;
  }

  const kinds = new Set<EntityKind>();
  let keywords: string[] = [];
  // Where the previous word or sign already says what comes (a table after FROM, an expression after
  // WHERE or "="), the grammar is not asked: its first parse of an unfinished expression can take
  // seconds (measured: 5 s cold after "WHERE c"), and it would only confirm the heuristics.
  const obvious = (ctx.previousWord !== undefined && (TABLE_WORDS.has(ctx.previousWord) || COLUMN_WORDS.has(ctx.previousWord)))
    || (ctx.previousPunct !== undefined && EXPRESSION_PUNCT.has(ctx.previousPunct));
  if (ctx.previousWord === 'SELECT') keywords.push('DISTINCT', 'ALL');
  if (!obvious && (input.grammar || input.host) && !input.isScript && beyondLocalGrammar(statement) === undefined) {
    // Only the text before the word being typed matters to the candidates, and it stays the same while
    // the word grows: the grammar's parse cache answers every keystroke after the first.
    const before = statement.slice(0, ctx.prefixStart);
    let c: GrammarCandidates | undefined;
    if (input.host) {
      // A cold worker is not waited for at all; a warm one for a few milliseconds. Either way the request
      // stays queued or running, so the answer is there for the next keystroke.
      c = await input.host.candidatesAt(before, ctx.prefixStart, { channel: 'completion', timeoutMs: input.host.warm ? GRAMMAR_WAIT_MS : 0 });
    } else c = input.grammar?.candidatesAt(before, ctx.prefixStart);
    if (c) {
      c.entities.forEach((k) => kinds.add(k));
      keywords = c.keywords;
    } else {
      result.incomplete = true;
      if (!ctx.atStatementStart) keywords.push(...FALLBACK_KEYWORDS);
    }
  }
  if (ctx.previousWord !== undefined && TABLE_WORDS.has(ctx.previousWord)) kinds.add('table');
  if (ctx.previousWord !== undefined && COLUMN_WORDS.has(ctx.previousWord)) {
    kinds.add('column');
    kinds.add('function');
  }
  if (ctx.previousPunct === ',' && clauseAt(statement, ctx.qualifierStart) === 'FROM') {
    kinds.add('table');
  } else if (ctx.previousPunct !== undefined && EXPRESSION_PUNCT.has(ctx.previousPunct)) {
    kinds.add('column');
    kinds.add('function');
  }

  if (kinds.has('column')) await addColumns(statement, offset, undefined, catalog, add);
  if (kinds.has('table') || kinds.has('view')) await addTables(statement, offset, catalog, add);
  else if (kinds.has('database')) await addDatabases(catalog, add);
  if (kinds.has('function') && catalog) {
    for (const f of await catalog.functions()) if (SIMPLE_NAME.test(f)) add({ label: f, kind: 'function', insertText: `${f}($0)`, isSnippet: true });
  }
  for (const k of keywords) {
    add({ label: k, kind: 'keyword' });
    // The grammar offers GROUP (a valid alias too) but not always GROUP BY.
    if (BY_WORDS.has(k)) add({ label: `${k} BY`, kind: 'keyword' });
  }
  if (ctx.atStatementStart) {
    for (const k of STATEMENT_STARTS) add({ label: k, kind: 'keyword' });
    for (const s of SQL_SNIPPETS) add({ label: s.label, kind: 'snippet', detail: s.description, insertText: s.body, isSnippet: true });
  }
  return dedupe(result);
}

async function completeQualified(
  statement: string, offset: number, ctx: CaretContext, catalog: CatalogCache | undefined, add: (e: Omit<CompletionEntry, 'sortText'>) => void,
): Promise<void> {
  const q = ctx.qualifier.map((p) => p.toLowerCase());
  const scope = scopeAt(statement, offset);
  // The name being typed is itself read as a reference ("FROM sales.|"): it does not qualify anything.
  const matching = scope.relations.filter((r) => r.start !== ctx.qualifierStart && matchesQualifier(r, q));
  if (matching.length > 0) {
    await addColumns(statement, offset, matching, catalog, add);
    return;
  }
  if (!catalog) return;
  // A namespace: "cat." lists its schemas, "db." or "cat.db." its tables.
  const [catalogs, ns] = await Promise.all([catalog.catalogs(), catalog.namespace()]);
  const isCatalog = catalogs.some((c) => c.toLowerCase() === q[0]);
  if (q.length === 1 && isCatalog) {
    for (const db of await catalog.databases(ctx.qualifier[0])) add({ label: db[db.length - 1], kind: 'database', detail: 'schema' });
  }
  const [cat, db] = isCatalog && q.length >= 2 ? [ctx.qualifier[0], ctx.qualifier.slice(1)] : [ns.catalog, ctx.qualifier];
  for (const t of await catalog.tables(cat, db)) add({ label: t.name, kind: t.kind, detail: describeTable(t.kind, t.isTemporary), ...(t.description ? { documentation: t.description } : {}) });
}

async function addTables(statement: string, offset: number, catalog: CatalogCache | undefined, add: (e: Omit<CompletionEntry, 'sortText'>) => void): Promise<void> {
  for (const cte of scopeAt(statement, offset).ctes.values()) add({ label: cte.nameParts[0], kind: 'table', detail: 'common table expression' });
  if (!catalog) return;
  const ns = await catalog.namespace();
  const [tables, dbs, cats] = await Promise.all([catalog.tables(ns.catalog, ns.database), catalog.databases(ns.catalog), catalog.catalogs()]);
  for (const t of tables) add({ label: t.name, kind: t.kind, detail: describeTable(t.kind, t.isTemporary), ...(t.description ? { documentation: t.description } : {}) });
  for (const db of dbs) add({ label: db[db.length - 1], kind: 'database', detail: `schema in ${ns.catalog}` });
  for (const c of cats) add({ label: c, kind: 'catalog', detail: 'catalog' });
}

async function addDatabases(catalog: CatalogCache | undefined, add: (e: Omit<CompletionEntry, 'sortText'>) => void): Promise<void> {
  if (!catalog) return;
  const ns = await catalog.namespace();
  for (const db of await catalog.databases(ns.catalog)) add({ label: db[db.length - 1], kind: 'database', detail: `schema in ${ns.catalog}` });
  for (const c of await catalog.catalogs()) add({ label: c, kind: 'catalog', detail: 'catalog' });
}

function describeTable(kind: 'table' | 'view', temporary: boolean): string {
  return temporary ? `temporary ${kind}` : kind;
}

/** Columns of `relations` (default: all in scope), and the aliases of the relations in scope. */
async function addColumns(
  statement: string, offset: number, relations: Relation[] | undefined, catalog: CatalogCache | undefined,
  add: (e: Omit<CompletionEntry, 'sortText'>) => void,
): Promise<void> {
  const inScope = scopeAt(statement, offset).relations;
  const targets = relations ?? inScope;
  for (const rel of targets) {
    for (const c of await columnsOf(rel, catalog)) {
      add({ label: c.name, kind: 'column', detail: c.type ? `${c.type} \u2014 ${c.origin}` : c.origin, ...(c.comment ? { documentation: c.comment } : {}) });
    }
  }
  if (relations === undefined) {
    for (const rel of inScope) {
      const label = rel.alias ?? rel.nameParts[rel.nameParts.length - 1];
      if (label) add({ label, kind: 'alias', detail: rel.alias ? `alias of ${rel.nameParts.join('.') || 'subquery'}` : rel.kind });
    }
  }
}

export interface ResolvedColumn {
  name: string;
  type?: string;
  comment?: string;
  nullable?: boolean;
  /** Where it comes from, e.g. "sales.orders (o)". */
  origin: string;
}

/** The columns a relation provides: from its text (CTE, subquery, alias list) or the catalog. */
export async function columnsOf(rel: Relation, catalog: CatalogCache | undefined, depth = 0): Promise<ResolvedColumn[]> {
  const origin = `${rel.nameParts.join('.') || 'subquery'}${rel.alias ? ` (${rel.alias})` : ''}`;
  if (depth > 6) return [];
  if (rel.columns) {
    const out: ResolvedColumn[] = [];
    for (const c of rel.columns) {
      if ('name' in c) out.push({ name: c.name, origin });
      else for (const inner of c.star) out.push(...(await columnsOf(inner, catalog, depth + 1)).map((x) => ({ ...x, origin })));
    }
    return out;
  }
  if (rel.kind !== 'table' || !catalog) return [];
  return (await catalog.columns(rel.nameParts)).map((c) => ({
    name: c.name, type: c.type, nullable: c.nullable, origin, ...(c.description ? { comment: c.description } : {}),
  }));
}

function dedupe(result: CompletionResult): CompletionResult {
  const seen = new Set<string>();
  result.items = result.items.filter((i) => {
    const k = `${i.kind}:${i.label.toLowerCase()}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return result;
}

const CLAUSES = new Set(['SELECT', 'FROM', 'JOIN', 'WHERE', 'GROUP', 'ORDER', 'HAVING', 'ON', 'SET', 'VALUES', 'BY', 'WINDOW', 'LIMIT']);

/** The clause keyword governing `offset` at its own parenthesis depth ("FROM" for "FROM a, |"; JOIN counts as FROM). */
function clauseAt(statement: string, offset: number): string | undefined {
  const stack: Array<string | undefined> = [undefined];
  for (const t of tokenize(statement)) {
    if (t.start >= offset) break;
    if (isCommentKind(t.kind)) continue;
    const ch = statement[t.start];
    if (t.kind === 'punct' && ch === '(') stack.push(undefined);
    else if (t.kind === 'punct' && ch === ')' && stack.length > 1) stack.pop();
    else {
      const k = keyword(statement, t);
      if (k !== undefined && CLAUSES.has(k)) stack[stack.length - 1] = k === 'JOIN' ? 'FROM' : k;
    }
  }
  return stack[stack.length - 1];
}
