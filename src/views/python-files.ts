// The parsed form of each open Python document (PythonFile: top-level statements, dependency slices),
// one per document text, shared by the CodeLens and the run commands. A new version re-parses from
// the previous one (incremental). The parser loads on first use, as a bundle of its own
// (dist/dependency-slice.js), so activation does not pay for it.
import type * as vscode from 'vscode';
import type { PythonFile } from '../pyspark/dependency-slice';

type SliceModule = typeof import('../pyspark/dependency-slice');

export class PythonFiles {
  private module: Promise<SliceModule> | undefined;
  private readonly files = new Map<string, PythonFile>();

  async get(document: vscode.TextDocument): Promise<PythonFile> {
    const key = document.uri.toString();
    const known = this.files.get(key);
    // The text itself says whether the parse is current (comparing strings is cheap next to parsing).
    const text = document.getText();
    if (known && known.text === text) return known;
    this.module ??= import('../pyspark/dependency-slice');
    const { PythonFile: Parsed } = await this.module;
    const file = new Parsed(text, known);
    this.files.set(key, file);
    return file;
  }

  forget(document: vscode.TextDocument): void {
    this.files.delete(document.uri.toString());
  }
}
