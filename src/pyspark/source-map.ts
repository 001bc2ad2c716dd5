// From a server error back to the Python source. Two ways in:
//  - SQL text in a string literal (spark.sql, expr, selectExpr, filter("..."), ...): Spark's query
//    context (or a parse error's "line L, pos P") is an index into that text, and every character of
//    the decoded literal keeps the source offset it came from.
//  - DataFrame calls: the runner sends each Column it builds with a Python origin (Spark 4.x) whose
//    call site is "file:line:column"; an error's DataFrame query context carries it back.
import type { SyntaxNode } from '@lezer/common';
import { splitStringLiteral, unescape } from './literal-text';
import type { LineIndex } from './parse';
import type { SourceSpan } from './run-api';

/** Where each character of one decoded string literal came from. */
interface LiteralSite {
  offsets: number[];
  end: number;
}

interface ContextLike {
  contextType?: string;
  objectType?: string;
  startIndex?: number;
  stopIndex?: number;
  fragment?: string;
  callSite?: string;
}

const ESCAPE_TOKEN = /\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|\r\n|[\s\S])|[\s\S]/g;

export class PySparkSourceMap {
  // text of a string literal -> where its characters are; the first literal with that text that
  // decodes alike wins. The offsets are only needed when a server error names SQL text, so each
  // literal is noted as it is evaluated (text and nodes) and mapped on the first lookup.
  private readonly literals = new Map<string, LiteralSite | null>();
  private readonly pending = new Map<string, Array<{ pieces: SyntaxNode[]; source: string }>>();

  constructor(private readonly lines: LineIndex, private readonly fileName: string | undefined) {}

  /** Records a plain (non-f) string literal, or the pieces of an implicitly concatenated one. */
  recordLiteral(text: string, pieces: SyntaxNode[], source: string): void {
    if (text.length < 4) return;
    const noted = this.pending.get(text);
    // a literal in a loop's body is evaluated once per iteration: one note per place in the source
    if (noted) { if (!noted.some((n) => n.pieces[0]?.from === pieces[0]?.from)) noted.push({ pieces, source }); }
    else this.pending.set(text, [{ pieces, source }]);
  }

  private site(text: string): LiteralSite | undefined {
    let site = this.literals.get(text);
    if (site === undefined) {
      site = null;
      for (const { pieces, source } of this.pending.get(text) ?? []) {
        site = literalSite(text, pieces, source) ?? null;
        if (site) break;
      }
      this.literals.set(text, site);
    }
    return site ?? undefined;
  }

  /** The source range of characters [start, stop] of a SQL text, when the text is a literal. */
  sqlRange(sql: string, start: number, stop: number): SourceSpan | undefined {
    const site = this.site(sql);
    if (!site || start < 0 || start > site.offsets.length) return undefined;
    // "at or near end of input" points just past the text: the closing quote
    if (start === site.offsets.length) return this.lines.span(site.end - 1, site.end);
    const from = site.offsets[start]!;
    const to = (site.offsets[Math.min(stop, site.offsets.length - 1)] ?? from) + 1;
    return this.lines.span(from, to);
  }

  /** A call site the runner sent ("file:line:column") back as a span. */
  callSite(callSite: string): SourceSpan | undefined {
    const m = /:(\d+):(\d+)$/.exec(callSite);
    if (!m) return undefined;
    const file = callSite.slice(0, m.index);
    if (file !== (this.fileName ?? '<selection>')) return undefined;
    return this.lines.at(Number(m[1]), Number(m[2]));
  }

  /**
   * The best source position for a server error: a SQL query context inside one of the SQL texts of
   * the failed plan, a parse error position in the only such text, or a DataFrame call site.
   */
  locate(error: unknown, sqlTexts: readonly string[]): SourceSpan | undefined {
    const e = error as { queryContext?: ContextLike[]; message?: string };
    for (const ctx of e.queryContext ?? []) {
      if (ctx.objectType) continue;
      if ((ctx.contextType ?? 'sql').toLowerCase() === 'dataframe') {
        const span = ctx.callSite ? this.callSite(ctx.callSite.split('\n')[0]!.trim()) : undefined;
        if (span) return span;
        continue;
      }
      if (ctx.startIndex === undefined || ctx.stopIndex === undefined) continue;
      const matching = sqlTexts.filter((t) => ctx.fragment === undefined || t.slice(ctx.startIndex!, ctx.stopIndex! + 1) === ctx.fragment);
      const unique = [...new Set(matching)];
      if (unique.length === 1) {
        const span = this.sqlRange(unique[0]!, ctx.startIndex, ctx.stopIndex);
        if (span) return span;
      }
    }
    // Parse errors (and 3.5 analysis errors) only say "line L, pos P" in their message.
    const m = /\(line (\d+), pos (\d+)\)|; line (\d+) pos (\d+)/.exec(e.message ?? '');
    const unique = [...new Set(sqlTexts)];
    if (m && unique.length === 1) {
      const line = Number(m[1] ?? m[3]);
      const pos = Number(m[2] ?? m[4]);
      const text = unique[0]!;
      let offset = 0;
      for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
      return this.sqlRange(text, offset + pos, offset + pos);
    }
    return undefined;
  }
}

/** SQL texts inside a plan (SQL relations, expression strings, selectExpr, filter("..."), ...). */
export function sqlTextsOf(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { for (const x of v) walk(x); return; }
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return;
    const o = v as Record<string, unknown>;
    const es = o['expressionString'] as { expression?: string } | undefined;
    if (es?.expression) out.push(es.expression);
    const sql = o['sql'];
    if (sql && typeof sql === 'object' && typeof (sql as { query?: unknown }).query === 'string') out.push((sql as { query: string }).query);
    if (typeof sql === 'string') out.push(sql);
    for (const [k, x] of Object.entries(o)) if (k !== 'data') walk(x);
  };
  walk(plan);
  return out;
}

/** Where each character of a literal's decoded text came from; undefined when it does not decode alike. */
function literalSite(text: string, pieces: SyntaxNode[], source: string): LiteralSite | undefined {
  const offsets: number[] = [];
  for (const piece of pieces) {
    const raw = source.slice(piece.from, piece.to);
    const { prefix, quote, body } = splitStringLiteral(raw);
    const bodyStart = piece.from + prefix.length + quote.length;
    if (prefix.includes('r') || !body.includes('\\')) {
      for (let i = 0; i < body.length; i++) offsets.push(bodyStart + i);
      continue;
    }
    for (const m of body.matchAll(ESCAPE_TOKEN)) {
      const decoded = unescape(m[0]);
      for (let i = 0; i < decoded.length; i++) offsets.push(bodyStart + m.index + (m[0].startsWith('\\') ? 0 : i));
    }
  }
  if (offsets.length !== text.length) return undefined; // a piece we did not decode alike: no map rather than a wrong one
  return { offsets, end: pieces[pieces.length - 1]!.to };
}
