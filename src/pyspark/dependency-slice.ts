// The code Ctrl+Enter runs in a .py file: the statement at the cursor (or the selection) plus the
// earlier top-level statements it depends on, and nothing else (a dependency slice, not the whole file).
//
// The slice is a backward walk over the top-level statements above the code: a statement is taken when
// it binds a name that is still needed; then the names it certainly replaces (its kills) are no longer
// needed from further up, and the names it reads are. `df = df.filter(...)` therefore pulls in the
// earlier `df` too, and a binding inside an `if` or `for` keeps looking further up for the one before.
//
// Actions: a statement that only performs an action (`df.show()`, `print(x)`, `df.write...save()`) binds
// no name, so it is never part of a slice: earlier shows, prints and writes are not run again. Two
// exceptions, decided here:
//  - an assignment whose value needs an action (`n = df.count()`, `rows = df.collect()`) is kept when
//    later code reads its name: the value cannot be known otherwise. It runs its (read-only) job again;
//    `rerunsActions` lists those statements so the editor says so;
//  - `df.createOrReplaceTempView("v")` (and `spark.sql("CREATE OR REPLACE TEMP VIEW v ...")`) is kept when
//    later code names `v` in a string (`spark.sql("... FROM v")`, `spark.table("v")`): replacing a
//    temporary view is idempotent and the query needs it.
// Statements inside a kept loop or branch are evaluated whole; the runner is asked (option
// `skipActionsBefore`) not to run the actions of everything before the target (nothing is sent for a
// show, print, write or count there; a count whose value later code reads is computed when it is read).
//
// The source handed to the runner keeps the document's line numbers: every kept piece starts on the
// line it has in the document, with empty lines in between. Columns match too, except where a piece
// had to move left (a selection starting mid-line or indented, which is dedented); `toDocumentOffset`
// maps any offset of the runner's source back into the document.
import type { SyntaxNode, Tree } from '@lezer/common';
import { LineIndex } from '../sql/line-index';
import { parsePython, reparsePython, topLevelStatements, type AnalysisCache, type TopLevelStatement } from './top-level-statements';

/** One piece of the document copied into the runner's source. */
interface Segment {
  /** Offset in the runner's source. */
  at: number;
  /** Offset in the document. */
  docFrom: number;
  length: number;
}

export interface DependencySlice {
  /** What the runner evaluates: the dependencies, then the code, line-aligned with the document. */
  source: string;
  /** The earlier statements the code depends on, in document order. */
  dependencies: TopLevelStatement[];
  /** The code itself, as a document range (a statement at the cursor, or the selection). */
  target: { from: number; to: number; line: number; endLine: number };
  /** Where the code starts in `source`: outputs of anything before it belong to the dependencies. */
  targetOffset: number;
  /** 1-based line ranges of the document that went into `source`, merged, in order. */
  usedLines: Array<{ from: number; to: number }>;
  /** Dependencies that run a Spark job again because later code needs their value (`n = df.count()`). */
  rerunsActions: TopLevelStatement[];
  /** Maps an offset in `source` to the document. */
  toDocumentOffset(offset: number): number;
}

/** Parsed once per document version; the editor keeps it for the CodeLens and Ctrl+Enter alike. */
export class PythonFile {
  readonly lines: LineIndex;
  readonly statements: TopLevelStatement[];

  readonly tree: Tree;
  private readonly cache: AnalysisCache;

  /** `previous`: the same document's last parsed version, whose tree and analyses are reused. */
  constructor(readonly text: string, previous?: PythonFile) {
    this.tree = previous ? reparsePython(previous, text) : parsePython(text);
    this.lines = new LineIndex(text);
    // Only this version's statements are carried over, so the cache never outgrows the document.
    this.cache = new Map();
    const fresh = topLevelStatements(text, this.tree, this.lines, previous?.cache ?? new Map());
    for (const s of fresh) {
      const { binds, kills, uses, action, runsAction } = s;
      this.cache.set(text.slice(s.from, s.to), { binds, kills, uses, runsAction, ...(action ? { action } : {}) });
    }
    this.statements = fresh;
  }

  /** The top-level statement holding `offset`; on a blank line or comment, the nearest one above. */
  statementAt(offset: number): TopLevelStatement | undefined {
    let best: TopLevelStatement | undefined;
    for (const s of this.statements) {
      if (s.from > offset) {
        // The caret at the very start of a line that only the next statement occupies.
        if (best === undefined || this.lines.positionAt(s.from).line === this.lines.positionAt(offset).line) return s;
        break;
      }
      best = s;
    }
    return best;
  }

  /** Ctrl+Enter with no selection: the statement at the cursor and what it depends on. */
  sliceAt(offset: number): DependencySlice | undefined {
    const target = this.statementAt(offset);
    if (!target) return undefined;
    const deps = this.dependenciesOf(target.uses, target.index);
    return this.build(deps, [{ docFrom: target.from, length: target.to - target.from }], target.from, target.to);
  }

  /** A CodeLens or command on one statement (by its document range). */
  sliceOfStatement(from: number, to: number): DependencySlice | undefined {
    const first = this.statements.find((s) => s.to > from && s.from < to) ?? this.statementAt(from);
    if (!first) return undefined;
    return this.sliceOfRange(first.from, Math.max(to, first.to), first);
  }

  /**
   * Ctrl+Enter with a selection: exactly the selected text (dedented when it is indented), plus the
   * statements above the first top-level statement it touches that it depends on.
   */
  sliceOfSelection(from: number, to: number): DependencySlice | undefined {
    let start = from;
    // A selection that starts in a line's indentation starts at the line.
    const lineStart = this.lines.offsetAt({ line: this.lines.positionAt(from).line, character: 0 });
    if (/^[ \t]*$/.test(this.text.slice(lineStart, from))) start = lineStart;
    let end = to;
    while (end > start && /\s/.test(this.text[end - 1])) end--;
    if (end <= start) return undefined;
    const first = this.statements.find((s) => s.to > start && s.from < end);
    return this.sliceOfRange(start, end, first);
  }

  private sliceOfRange(start: number, end: number, first: TopLevelStatement | undefined): DependencySlice {
    const segments = this.dedentedLines(start, end);
    // The selected text is parsed on its own (it may be part of a statement) to learn what it reads.
    const selected = segments.map((s) => this.text.slice(s.docFrom, s.docFrom + s.length)).join('\n');
    const uses = new Set<string>();
    for (const s of topLevelStatements(selected)) for (const u of s.uses) uses.add(u);
    const before = first ? first.index : this.statements.filter((s) => s.to <= start).length;
    return this.build(this.dependenciesOf(uses, before), segments, start, end);
  }

  /** Lines of [start, end) with their common indentation removed (a mid-line start counts as column 0). */
  private dedentedLines(start: number, end: number): Array<{ docFrom: number; length: number }> {
    const pieces: Array<{ docFrom: number; length: number }> = [];
    let at = start;
    while (at < end) {
      const nl = this.text.indexOf('\n', at);
      const stop = nl < 0 || nl >= end ? end : nl;
      pieces.push({ docFrom: at, length: stop - at });
      at = stop + 1;
    }
    let indent = Infinity;
    for (const p of pieces) {
      const line = this.text.slice(p.docFrom, p.docFrom + p.length);
      if (line.trim() === '') continue;
      indent = Math.min(indent, line.length - line.trimStart().length);
    }
    if (!Number.isFinite(indent) || indent === 0) return pieces;
    return pieces.map((p) => {
      const cut = Math.min(indent, p.length);
      return { docFrom: p.docFrom + cut, length: p.length - cut };
    });
  }

  /**
   * Explain on a statement: the document range of the DataFrame expression its action acts on
   * (`df.groupBy("a").count()` of `df.groupBy("a").count().show()`, `x` of `display(x)`, `df` of
   * `df.write...save()`), or of the statement when it is a bare expression; undefined for print() and
   * statements that are not expressions. Evaluated alone, that expression is a bare DataFrame.
   */
  explainRangeOf(statement: TopLevelStatement): { from: number; to: number } | undefined {
    let node: SyntaxNode | null = this.tree.resolveInner(statement.from, 1);
    while (node && !(node.name === 'ExpressionStatement' && node.from === statement.from)) node = node.parent;
    const e = node?.firstChild;
    if (!e || !statement.action) return undefined;
    const range = (n: SyntaxNode) => ({ from: n.from, to: n.to });
    if (statement.action.name === 'expression') return range(e);
    if (e.name !== 'CallExpression') return undefined;
    const callee = e.firstChild;
    if (callee?.name === 'VariableName') {
      if (statement.action.name !== 'display') return undefined;
      const arg = e.getChild('ArgList')?.firstChild?.nextSibling;
      return arg && arg.name !== ')' ? range(arg) : undefined;
    }
    if (callee?.name !== 'MemberExpression') return undefined;
    let receiver = callee.firstChild;
    if (statement.action.kind === 'write') {
      // Walk down the writer chain (df.write.mode(...).option(...)) to what `.write` was taken from.
      for (let n: SyntaxNode | null = receiver; n; n = n.firstChild) {
        if (n.name === 'MemberExpression' && ['write', 'writeTo'].includes(this.text.slice(n.lastChild?.from ?? n.to, n.to))) {
          receiver = n.firstChild;
          break;
        }
      }
    }
    return receiver ? range(receiver) : undefined;
  }

  /** Explain on the statement at [from, to): its DataFrame expression and what it depends on. */
  explainSliceOf(from: number, to: number): DependencySlice | undefined {
    const statement = this.statements.find((s) => s.to > from && s.from < to) ?? this.statementAt(from);
    const target = statement ? this.explainRangeOf(statement) : undefined;
    if (!statement || !target) return undefined;
    return this.sliceOfRange(target.from, target.to, statement);
  }

  /** The backward walk (see the header) from statement index `before` (exclusive). */
  dependenciesOf(uses: ReadonlySet<string>, before: number): TopLevelStatement[] {
    const needed = new Set(uses);
    const taken: TopLevelStatement[] = [];
    for (let i = before - 1; i >= 0 && needed.size > 0; i--) {
      const s = this.statements[i];
      let hit = s.binds.has('*');
      if (!hit) for (const b of s.binds) if (needed.has(b)) { hit = true; break; }
      if (!hit) continue;
      taken.push(s);
      for (const k of s.kills) needed.delete(k);
      for (const u of s.uses) needed.add(u);
    }
    return taken.reverse();
  }

  private build(deps: TopLevelStatement[], targetPieces: Array<{ docFrom: number; length: number }>, from: number, to: number): DependencySlice {
    const pieces = [...deps.map((d) => ({ docFrom: d.from, length: d.to - d.from })), ...targetPieces];
    const segments: Segment[] = [];
    let out = '';
    let line = 0;
    let targetOffset = 0;
    pieces.forEach((p, i) => {
      const docLine = this.lines.positionAt(p.docFrom).line;
      const prev = segments[segments.length - 1];
      if (prev && docLine === line && prev.docFrom + prev.length <= p.docFrom) {
        // Two pieces of one line (`a = 1; b = 2`): keep what lies between when it is only "; ", else
        // (a statement left out between them) join them with "; ".
        const between = this.text.slice(prev.docFrom + prev.length, p.docFrom);
        out += /^[\s;]*$/.test(between) && between.includes(';') ? between : '; ';
      } else if (out.length > 0 || docLine > 0) {
        out += '\n'.repeat(Math.max(docLine - line, out.length > 0 ? 1 : 0));
      }
      if (i === deps.length) targetOffset = out.length;
      segments.push({ at: out.length, docFrom: p.docFrom, length: p.length });
      out += this.text.slice(p.docFrom, p.docFrom + p.length);
      line = this.lines.positionAt(p.docFrom + p.length).line;
    });
    out += '\n';
    const toDocumentOffset = (offset: number): number => {
      let seg = segments[0];
      for (const s of segments) {
        if (s.at > offset) break;
        seg = s;
      }
      if (!seg) return offset;
      return seg.docFrom + Math.max(0, Math.min(offset - seg.at, seg.length));
    };
    const ranges = [...deps.map((d) => ({ from: d.line, to: d.endLine })),
      { from: this.lines.positionAt(from).line + 1, to: this.lines.positionAt(Math.max(from, to - 1)).line + 1 }];
    return {
      source: out, dependencies: deps,
      target: { from, to, line: ranges[ranges.length - 1].from, endLine: ranges[ranges.length - 1].to },
      targetOffset, usedLines: mergeRanges(ranges), rerunsActions: deps.filter((d) => d.runsAction), toDocumentOffset,
    };
  }
}

function mergeRanges(ranges: Array<{ from: number; to: number }>): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (const r of [...ranges].sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

/** "lines 1-3, 7, 12-14": the usedLines of a slice as the editor says them. */
export function describeLines(ranges: ReadonlyArray<{ from: number; to: number }>): string {
  return ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}\u2013${r.to}`)).join(', ');
}
