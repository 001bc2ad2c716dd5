// Completion and hover for the SQL inside spark.sql("...") literals of Python files. The regions come
// from a real Python parse (src/sql-language/python-sql-regions.ts, its own lazily loaded bundle); the
// SQL service answers on the string's value, and offsets map back through escapes. Outside those
// strings these providers return nothing, so Pylance's items stand alone.
import * as vscode from 'vscode';
import type { SqlRegion } from '../sql-language/python-sql-regions';
import type { SqlLanguageClient } from './sql-language-client';
import { toItem } from './sql-providers';

type RegionsModule = typeof import('../sql-language/python-sql-regions');

export class PythonSqlRegions {
  private module: Promise<RegionsModule> | undefined;
  private readonly cache = new WeakMap<vscode.TextDocument, { version: number; regions: SqlRegion[] }>();

  async at(document: vscode.TextDocument, offset: number): Promise<{ mod: RegionsModule; region: SqlRegion } | undefined> {
    const text = document.getText();
    // Cheap test first: no ".sql(" in the file, no parse.
    if (!text.includes('.sql(')) return undefined;
    this.module ??= import('../sql-language/python-sql-regions');
    const mod = await this.module;
    let known = this.cache.get(document);
    if (!known || known.version !== document.version) {
      known = { version: document.version, regions: mod.findSqlRegions(text) };
      this.cache.set(document, known);
    }
    const region = mod.regionAt(known.regions, offset);
    return region ? { mod, region } : undefined;
  }
}

export function registerPythonSql(client: SqlLanguageClient): vscode.Disposable {
  const regions = new PythonSqlRegions();
  const selector: vscode.DocumentSelector = [{ language: 'python' }];
  const key = (d: vscode.TextDocument, r: SqlRegion) => `${d.uri.toString()}#${r.contentStart}`;
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(selector, {
      async provideCompletionItems(document, position) {
        const found = await regions.at(document, document.offsetAt(position));
        if (!found) return undefined;
        const { mod, region } = found;
        const { service } = await client.load();
        const r = await service.completion({ key: key(document, region), text: region.text },
          mod.toSqlOffset(region, document.offsetAt(position)), await client.catalog());
        const range = new vscode.Range(document.positionAt(mod.toSourceOffset(region, r.replaceStart)), position);
        return r.items.map((e) => toItem(e, range));
      },
    }, '.'),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position) {
        const found = await regions.at(document, document.offsetAt(position));
        if (!found) return undefined;
        const { mod, region } = found;
        const { service } = await client.load();
        const h = await service.hover({ key: key(document, region), text: region.text }, mod.toSqlOffset(region, document.offsetAt(position)), await client.catalog());
        if (!h) return undefined;
        return new vscode.Hover(new vscode.MarkdownString(h.contents),
          new vscode.Range(document.positionAt(mod.toSourceOffset(region, h.start)), document.positionAt(mod.toSourceOffset(region, h.end))));
      },
    }),
  );
}
