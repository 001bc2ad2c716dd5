// A text editor for the fake vscode: a document with offset <-> position conversion and a selection,
// enough for the run and explain commands (which read text, offsets and the selection).
import { Position, Range, Uri } from './fake-vscode';

export class FakeDocument {
  readonly uri: Uri;
  readonly isUntitled = false;
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string, readonly languageId = 'sql', path = '/work/it.sql') {
    this.uri = Uri.file(path);
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  getText(): string {
    return this.text;
  }

  offsetAt(p: Position): number {
    return Math.min(this.text.length, (this.lineStarts[p.line] ?? this.text.length) + p.character);
  }

  positionAt(offset: number): Position {
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1] <= offset) line++;
    return new Position(line, offset - this.lineStarts[line]);
  }
}

export interface FakeEditor {
  document: FakeDocument;
  selection: Range;
  selections: Range[];
  /** Text put in place of each range by edit(); the document itself does not change. */
  replaced: Array<{ range: Range; text: string }>;
  edit(build: (b: { replace(range: Range, text: string): void }) => void): Promise<boolean>;
}

/** An editor on `text` with the selection from `start` to `end` (offsets; equal = just a cursor). */
export function fakeEditor(text: string, start: number, end = start, languageId = 'sql', path?: string): FakeEditor {
  const document = new FakeDocument(text, languageId, path);
  const selection = new Range(document.positionAt(start), document.positionAt(end));
  const replaced: FakeEditor['replaced'] = [];
  return {
    document, selection, selections: [selection], replaced,
    edit: async (build) => {
      build({ replace: (range, text) => void replaced.push({ range, text }) });
      return true;
    },
  };
}
