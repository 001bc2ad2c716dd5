// Parsing with @lezer/python, and source positions. Lezer recovers from syntax errors by inserting
// error nodes; the first one becomes a PySparkError 'parse' at its line and column.
import { parser } from './python-grammar';
import type { SyntaxNode, Tree } from '@lezer/common';
import { PySparkError, type SourceSpan } from './run-api';

/** Line starts of a text, for offset -> (line, column) in O(log n). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The one-character span at a 1-based line and column. */
  at(line: number, column: number): SourceSpan | undefined {
    const start = this.starts[line - 1];
    if (start === undefined) return undefined;
    const from = start + column - 1;
    return { from, to: from + 1, line, column };
  }

  span(from: number, to: number): SourceSpan {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= from) lo = mid;
      else hi = mid - 1;
    }
    return { from, to, line: lo + 1, column: from - this.starts[lo]! + 1 };
  }
}

export interface ParsedSource {
  tree: Tree;
  lines: LineIndex;
}

/** Parses the source; throws PySparkError('parse') at the first syntax error. */
export function parsePython(source: string, fileName?: string): ParsedSource {
  const tree = parser.parse(source);
  const lines = new LineIndex(source);
  const error = firstError(tree);
  if (error) {
    const span = lines.span(error.from, Math.max(error.to, Math.min(error.from + 1, source.length)));
    const near = source.slice(error.from, error.to).trim();
    const message = near ? `invalid syntax near '${near.slice(0, 30)}'` : 'invalid syntax (unexpected end or token)';
    throw new PySparkError('parse', 'syntax', message, span, fileName);
  }
  return { tree, lines };
}

function firstError(tree: Tree): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  tree.iterate({
    enter(n) {
      if (found) return false;
      if (n.type.isError) { found = n.node; return false; }
      return undefined;
    },
  });
  return found;
}
