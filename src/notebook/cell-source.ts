// What a notebook cell asks for, before anything runs. Notebooks written for Jupyter carry shell lines
// (`! pip install …`), line magics (`%pip`, `%matplotlib`) and cell magics (`%%sql`, `%%time`); the kernel
// runs the Spark part and says what it skipped, so "Run All" never fails on them. Positions matter: a
// skipped line is blanked to spaces (not removed), so offsets of errors in the rest still point into
// the cell as the user sees it.

export type CellLanguage = 'python' | 'sql';

/** One line the kernel did not run, with why (shown as a one-line note in the cell's output). */
export interface SkippedLine {
  /** 1-based line in the cell. */
  line: number;
  text: string;
  note: string;
}

export type CellSource =
  /** SQL to run; `offset` is where `text` starts in the cell (after a `%%sql` line). */
  | { kind: 'sql'; text: string; offset: number; skipped: SkippedLine[] }
  /** Python for the PySpark runner; skipped lines are blanked to spaces. `timed`: `%%time` asked for the wall time. */
  | { kind: 'python'; text: string; skipped: SkippedLine[]; timed: boolean }
  /** Nothing the kernel can run (a `%%bash` cell, only shell lines, …); the note says why. */
  | { kind: 'skip'; note: string; skipped: SkippedLine[] };

/** Cell magics whose body is Spark SQL. */
const SQL_CELL_MAGICS = new Set(['sql', 'sparksql']);
/** Cell magics that only time their body: the body runs and the time is reported. */
const TIMING_CELL_MAGICS = new Set(['time', 'timeit']);

const LINE_MAGIC_NOTES: Record<string, string> = {
  pip: 'package installs are not needed: the code runs on the Spark Connect server, not in a local Python',
  conda: 'package installs are not needed: the code runs on the Spark Connect server, not in a local Python',
  matplotlib: 'plotting backends are a local-Python feature',
  load_ext: 'IPython extensions need a local Python',
};

export function classifyCell(source: string, language: string): CellSource {
  if (language === 'sql') return { kind: 'sql', text: source, offset: 0, skipped: [] };
  const lines = source.split('\n');
  const firstIdx = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const first = firstIdx >= 0 ? lines[firstIdx].trim() : '';
  const skipped: SkippedLine[] = [];
  let timed = false;
  if (first.startsWith('%%')) {
    const magic = /^%%\s*([A-Za-z_][\w-]*)/.exec(first)?.[1]?.toLowerCase() ?? '';
    const bodyOffset = lines.slice(0, firstIdx + 1).reduce((n, l) => n + l.length + 1, 0);
    const body = source.slice(Math.min(bodyOffset, source.length));
    if (SQL_CELL_MAGICS.has(magic)) return { kind: 'sql', text: body, offset: Math.min(bodyOffset, source.length), skipped };
    if (!TIMING_CELL_MAGICS.has(magic)) {
      return { kind: 'skip', note: `skipped: the %%${magic || '?'} cell magic needs Jupyter; this kernel runs PySpark and SQL only`, skipped };
    }
    timed = true;
    skipped.push({ line: firstIdx + 1, text: lines[firstIdx], note: `%%${magic}: the cell's wall time is reported after it runs` });
    lines[firstIdx] = ' '.repeat(lines[firstIdx].length);
  }
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trimStart();
    const shell = trimmed.startsWith('!');
    const magic = !shell && trimmed.startsWith('%') && !trimmed.startsWith('%%');
    if (!shell && !magic) continue;
    // A line that continues the previous one (after a backslash) is Python, not a magic.
    if (i > 0 && lines[i - 1].trimEnd().endsWith('\\')) continue;
    const name = magic ? /^%\s*([A-Za-z_]\w*)/.exec(trimmed)?.[1] ?? '' : '';
    const note = shell ? 'skipped: shell commands need a local machine; this kernel only talks to Spark'
      : `skipped: %${name} ${LINE_MAGIC_NOTES[name] ? `(${LINE_MAGIC_NOTES[name]})` : 'is an IPython magic'}`;
    skipped.push({ line: i + 1, text: lines[i], note });
    lines[i] = ' '.repeat(lines[i].length);
  }
  const text = lines.join('\n');
  if (text.trim() === '' && skipped.length > 0) {
    return { kind: 'skip', note: skipped.map((s) => s.note).join('\n'), skipped };
  }
  return { kind: 'python', text, skipped, timed };
}
