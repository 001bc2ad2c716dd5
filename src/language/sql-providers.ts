// Completion, hover and signature help for Spark SQL documents (and SQL notebook cells): thin
// adapters from VS Code's provider calls to the language service, which loads on the first call.
import * as vscode from 'vscode';
import type { CompletionEntry, CompletionKind, SignatureHelpResult } from '../sql-language/sql-language-service';
import type { SqlLanguageClient } from './sql-language-client';

// A function, not a table built at load: the module loads at activation, before any provider runs.
function kindOf(kind: CompletionKind): vscode.CompletionItemKind {
  switch (kind) {
    case 'keyword': return vscode.CompletionItemKind.Keyword;
    case 'catalog': return vscode.CompletionItemKind.Folder;
    case 'database': return vscode.CompletionItemKind.Module;
    case 'table': return vscode.CompletionItemKind.Struct;
    case 'view': return vscode.CompletionItemKind.Interface;
    case 'column': return vscode.CompletionItemKind.Field;
    case 'function': return vscode.CompletionItemKind.Function;
    case 'alias': return vscode.CompletionItemKind.Variable;
    case 'snippet': return vscode.CompletionItemKind.Snippet;
  }
}

const docOf = (d: vscode.TextDocument) => ({ key: d.uri.toString(), text: d.getText() });

export function sqlCompletionProvider(client: SqlLanguageClient): vscode.CompletionItemProvider {
  // Functions get their signature and docs when selected (one DESCRIBE FUNCTION, cached).
  const functionOf = new WeakMap<vscode.CompletionItem, string>();
  return {
    async provideCompletionItems(document, position) {
      const { service } = await client.load();
      const catalog = await client.catalog();
      const r = await service.completion(docOf(document), document.offsetAt(position), catalog);
      const range = new vscode.Range(document.positionAt(r.replaceStart), position);
      const items = r.items.map((e) => {
        const item = toItem(e, range);
        if (e.kind === 'function') functionOf.set(item, e.label);
        return item;
      });
      // Incomplete: the grammar's keywords were not ready (warming up); VS Code asks again as typing goes on.
      return new vscode.CompletionList(items, r.incomplete === true);
    },
    async resolveCompletionItem(item) {
      const name = functionOf.get(item);
      const catalog = name ? await client.catalog() : undefined;
      const doc = name && catalog ? await catalog.describe(name) : undefined;
      if (doc && doc.signatures.length > 0) {
        item.detail = doc.signatures.map((s) => s.label).join('  |  ');
        item.documentation = new vscode.MarkdownString(doc.signatures.map((s) => s.summary).join('\n\n'));
      }
      return item;
    },
  };
}

export function toItem(e: CompletionEntry, range: vscode.Range): vscode.CompletionItem {
  const item = new vscode.CompletionItem(e.label, kindOf(e.kind));
  item.range = range;
  item.sortText = e.sortText;
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = e.documentation;
  if (e.insertText !== undefined) item.insertText = e.isSnippet ? new vscode.SnippetString(e.insertText) : e.insertText;
  return item;
}

export function sqlHoverProvider(client: SqlLanguageClient): vscode.HoverProvider {
  return {
    async provideHover(document, position) {
      const { service } = await client.load();
      const h = await service.hover(docOf(document), document.offsetAt(position), await client.catalog());
      if (!h) return undefined;
      return new vscode.Hover(new vscode.MarkdownString(h.contents), new vscode.Range(document.positionAt(h.start), document.positionAt(h.end)));
    },
  };
}

export function sqlSignatureHelpProvider(client: SqlLanguageClient): vscode.SignatureHelpProvider {
  return {
    async provideSignatureHelp(document, position) {
      const { service } = await client.load();
      const r = await service.signatureHelp(docOf(document), document.offsetAt(position), await client.catalog());
      return r ? toSignatureHelp(r) : undefined;
    },
  };
}

/** The language service's signature help as VS Code's (the Python strings' provider uses it too). */
export function toSignatureHelp(r: SignatureHelpResult): vscode.SignatureHelp {
  const help = new vscode.SignatureHelp();
  help.signatures = r.signatures.map((s) => {
    const info = new vscode.SignatureInformation(s.label, s.summary);
    info.parameters = s.parameters.map((p) => new vscode.ParameterInformation(p));
    return info;
  });
  help.activeSignature = r.activeSignature;
  help.activeParameter = r.activeParameter;
  return help;
}
