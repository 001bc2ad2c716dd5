// The PySpark snippet corpora (test/fixtures/pyspark/): reading the cell-marked files into snippets.
//
// Each file holds snippets the way a notebook exported to .py holds cells: a header line
//   # %% <id> [ordered]                                   (valid/: runs and is compared with PySpark)
//   # %% <id> at <line>:<column> <construct>              (refused/: must be refused there)
// then the snippet's code up to the next header. Ids are unique across a corpus and never reused, so a
// known gap or a failure report names the same snippet tomorrow. Lines and columns of refused snippets
// are 1-based and counted from the first line after the header, which is what the runner sees.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './servers';

export interface Snippet {
  id: string;
  /** Where the header sits, for messages: "strings.py:41". */
  where: string;
  code: string;
  /** The result's order is defined by the snippet (it sorts), so rows compare in order. */
  ordered: boolean;
  /** Compared on Spark 4 only: PySpark 3.5's own client cannot run it (say why in the snippet). */
  spark4Only: boolean;
}

export interface RefusedSnippet {
  id: string;
  where: string;
  code: string;
  line: number;
  column: number;
  /** A word the error message must contain (case-insensitive): the construct the runner refuses. */
  construct: string;
}

const HEADER = /^# %% (\S+)(.*)$/;
const REFUSED_TAIL = /^\s+at (\d+):(\d+) (.+?)\s*$/;

interface Cell { id: string; where: string; tail: string; code: string }

function cellsOf(dir: string): Cell[] {
  const cells: Cell[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.py')).sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    let current: { id: string; where: string; tail: string; lines: string[] } | undefined;
    const flush = () => {
      if (!current) return;
      while (current.lines.length > 0 && current.lines[current.lines.length - 1]!.trim() === '') current.lines.pop();
      cells.push({ id: current.id, where: current.where, tail: current.tail, code: current.lines.join('\n') + '\n' });
    };
    lines.forEach((line, i) => {
      const m = HEADER.exec(line);
      if (m) {
        flush();
        current = { id: m[1]!, where: `${file}:${i + 1}`, tail: m[2]!, lines: [] };
      } else if (current) {
        current.lines.push(line);
      }
    });
    flush();
  }
  const seen = new Map<string, string>();
  for (const c of cells) {
    const before = seen.get(c.id);
    if (before !== undefined) throw new Error(`snippet id ${c.id} is used twice: ${before} and ${c.where}`);
    seen.set(c.id, c.where);
  }
  return cells;
}

export function corpusDir(kind: 'valid' | 'refused'): string {
  return join(projectRoot(), 'test', 'fixtures', 'pyspark', kind);
}

/** The snippets that must run and give PySpark's result. */
export function validSnippets(): Snippet[] {
  return cellsOf(corpusDir('valid')).map((c) => {
    const flags = c.tail.trim().split(/\s+/).filter((f) => f !== '');
    const unknown = flags.filter((f) => f !== 'ordered' && f !== 'spark4');
    if (unknown.length > 0) throw new Error(`${c.where}: unknown flag ${unknown.join(' ')}`);
    return { id: c.id, where: c.where, code: c.code, ordered: flags.includes('ordered'), spark4Only: flags.includes('spark4') };
  });
}

/** The snippets the runner must refuse, with where and what. */
export function refusedSnippets(): RefusedSnippet[] {
  return cellsOf(corpusDir('refused')).map((c) => {
    const m = REFUSED_TAIL.exec(c.tail);
    if (!m) throw new Error(`${c.where}: a refused snippet's header needs "at <line>:<column> <construct>"`);
    return { id: c.id, where: c.where, code: c.code, line: Number(m[1]), column: Number(m[2]), construct: m[3]! };
  });
}
