// Hover on one statement: a function shows its usage, arguments and examples from the server
// (DESCRIBE FUNCTION EXTENDED, cached per session); a table or alias shows what it names and where it
// comes from; a column its type, comment and table.
import { tokenize } from '../sql/lexer';
import type { CatalogCache } from './catalog-cache';
import { columnsOf } from './completion';
import { functionMarkdown } from './function-docs';
import { matchesQualifier, scopeAt } from './scope';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  /** Statement offsets of the hovered word. */
  start: number;
  end: number;
}

export async function hoverAt(statement: string, offset: number, catalog: CatalogCache | undefined): Promise<HoverResult | undefined> {
  const tokens = tokenize(statement);
  const i = tokens.findIndex((t) => t.start <= offset && offset < t.end);
  const t = tokens[i];
  if (!t || (t.kind !== 'word' && t.kind !== 'quoted-identifier')) return undefined;
  const word = unquote(statement.slice(t.start, t.end), t.kind === 'quoted-identifier');
  const range = { start: t.start, end: t.end };
  const next = tokens[i + 1];
  const isCall = next !== undefined && statement[next.start] === '(' && t.kind === 'word';
  // The dotted parts before the word ("o" in "o.amount").
  const qualifier: string[] = [];
  for (let k = i - 1; k >= 1 && statement[tokens[k].start] === '.' && tokens[k].kind === 'punct'; k -= 2) {
    const q = tokens[k - 1];
    if (q.kind !== 'word' && q.kind !== 'quoted-identifier') break;
    qualifier.unshift(unquote(statement.slice(q.start, q.end), q.kind === 'quoted-identifier').toLowerCase());
  }
  if (isCall && qualifier.length === 0) {
    const doc = catalog ? await catalog.describe(word) : undefined;
    if (doc && doc.signatures.length > 0) return { contents: functionMarkdown(doc), ...range };
    return undefined;
  }
  const lower = word.toLowerCase();
  const scope = scopeAt(statement, offset);
  // A relation: its alias or name.
  if (qualifier.length === 0) {
    const rel = scope.relations.find((r) => r.alias?.toLowerCase() === lower || (r.alias === undefined && r.nameParts[r.nameParts.length - 1]?.toLowerCase() === lower))
      ?? (scope.ctes.get(lower));
    if (rel) {
      const what = rel.kind === 'cte' ? 'common table expression' : rel.kind === 'subquery' ? 'subquery' : rel.kind === 'function' ? 'table function' : 'table';
      const cols = await columnsOf(rel, catalog);
      const lines = [`**${what}** \`${rel.nameParts.join('.') || rel.alias || ''}\`${rel.alias ? ` as \`${rel.alias}\`` : ''}`];
      if (cols.length > 0) lines.push(cols.slice(0, 30).map((c) => `- \`${c.name}\`${c.type ? ` ${c.type}` : ''}`).join('\n') + (cols.length > 30 ? `\n- … ${cols.length - 30} more` : ''));
      return { contents: lines.join('\n\n'), ...range };
    }
  }
  // A column: of the qualifier's relation, or of any relation in scope.
  const candidates = qualifier.length > 0 ? scope.relations.filter((r) => matchesQualifier(r, qualifier)) : scope.relations;
  for (const rel of candidates) {
    const col = (await columnsOf(rel, catalog)).find((c) => c.name.toLowerCase() === lower);
    if (col) {
      const lines = [`**column** \`${col.name}\`${col.type ? ` \`${col.type}\`` : ''}${col.nullable === false ? ' NOT NULL' : ''}`, `from ${col.origin}`];
      if (col.comment) lines.push(col.comment);
      return { contents: lines.join('\n\n'), ...range };
    }
  }
  return undefined;
}

function unquote(raw: string, quoted: boolean): string {
  return quoted ? raw.slice(1, -1).replace(/``/g, '`') : raw;
}
