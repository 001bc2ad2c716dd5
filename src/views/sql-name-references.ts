// Go to Definition, Find References and highlights for CTE names and table aliases, within the
// statement at the caret (src/sql/name-references.ts does the reading).
import * as vscode from 'vscode';
import { sqlDocumentSelector } from '../sql/language-ids';
import { type NameResolution, resolveNameAt } from '../sql/name-references';
import { splitStatements } from '../sql/split';

function resolve(document: vscode.TextDocument, position: vscode.Position): { r: NameResolution; base: number } | undefined {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const statement = splitStatements(text).find((s) => s.start <= offset && offset <= s.end);
  if (!statement) return undefined;
  const r = resolveNameAt(statement.text, offset - statement.start);
  return r && { r, base: statement.start };
}

function range(document: vscode.TextDocument, base: number, span: { start: number; end: number }): vscode.Range {
  return new vscode.Range(document.positionAt(base + span.start), document.positionAt(base + span.end));
}

export function registerSqlNameReferences(): vscode.Disposable {
  const selector = sqlDocumentSelector();
  return vscode.Disposable.from(
    vscode.languages.registerDefinitionProvider(selector, {
      provideDefinition(document, position) {
        const hit = resolve(document, position);
        return hit && new vscode.Location(document.uri, range(document, hit.base, hit.r.definition));
      },
    }),
    vscode.languages.registerReferenceProvider(selector, {
      provideReferences(document, position, context) {
        const hit = resolve(document, position);
        if (!hit) return [];
        const spans = context.includeDeclaration ? [hit.r.definition, ...hit.r.references] : hit.r.references;
        return spans.map((s) => new vscode.Location(document.uri, range(document, hit.base, s)));
      },
    }),
    vscode.languages.registerDocumentHighlightProvider(selector, {
      provideDocumentHighlights(document, position) {
        const hit = resolve(document, position);
        if (!hit) return [];
        return [
          new vscode.DocumentHighlight(range(document, hit.base, hit.r.definition), vscode.DocumentHighlightKind.Write),
          ...hit.r.references.map((s) => new vscode.DocumentHighlight(range(document, hit.base, s), vscode.DocumentHighlightKind.Read)),
        ];
      },
    }),
  );
}
