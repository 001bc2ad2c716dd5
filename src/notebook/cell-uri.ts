// Telling a notebook cell's text document from an editor's, by its URI.
/** The URI scheme of a notebook cell's text document in VS Code. */
export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

/**
 * Whether a document is a notebook cell: the editor's Run/Explain CodeLenses stay out of cells, whose
 * code runs through the notebook's kernel (a Run there would go to the results panel, outside the notebook).
 */
export function isNotebookCell(uri: { scheme: string }): boolean {
  return uri.scheme === NOTEBOOK_CELL_SCHEME;
}
