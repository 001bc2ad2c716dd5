// Completion, hover, signature help and syntax squiggles for the SQL inside spark.sql("...") literals
// of Python files (and Python notebook cells). The regions come from a real Python parse
// (src/sql-language/python-sql-regions.ts, its own lazily loaded bundle); the SQL service answers on
// the string's value, and offsets map back through escapes, raw strings, triple quotes and implicit
// concatenation. Outside those strings these providers return nothing, so Pylance's items stand alone.
import * as vscode from 'vscode';
import type { SqlRegion } from '../sql-language/python-sql-regions';
import { PythonSqlDiagnostics, type PythonSqlServer } from './python-sql-diagnostics';
import type { SqlLanguageClient } from './sql-language-client';
import { toItem, toSignatureHelp } from './sql-providers';

type RegionsModule = typeof import('../sql-language/python-sql-regions');

export interface FoundRegion {
  mod: RegionsModule;
  region: SqlRegion;
  /** The service's key for the region: the document and the region's place among the file's regions. */
  key: string;
}

export class PythonSqlRegions {
  private module: Promise<RegionsModule> | undefined;
  private readonly cache = new WeakMap<vscode.TextDocument, { version: number; regions: SqlRegion[]; scanner: InstanceType<RegionsModule['SqlRegionScanner']> }>();

  /** Every SQL region of the document, parsed once per document version. */
  async all(document: vscode.TextDocument): Promise<{ mod: RegionsModule; regions: SqlRegion[] } | undefined> {
    const text = document.getText();
    // Cheap test first: no ".sql(" in the file, no parse.
    if (!text.includes('.sql(')) return undefined;
    this.module ??= import('../sql-language/python-sql-regions');
    const mod = await this.module;
    let known = this.cache.get(document);
    if (!known) {
      const scanner = new mod.SqlRegionScanner();
      known = { version: document.version, regions: scanner.regions(text), scanner };
      this.cache.set(document, known);
    } else if (known.version !== document.version) {
      // Incremental: the previous parse is reused outside the edit.
      known.regions = known.scanner.regions(text);
      known.version = document.version;
    }
    return { mod, regions: known.regions };
  }

  async at(document: vscode.TextDocument, offset: number): Promise<FoundRegion | undefined> {
    const found = await this.all(document);
    const region = found ? found.mod.regionAt(found.regions, offset) : undefined;
    return found && region ? { mod: found.mod, region, key: regionKey(document, found.regions.indexOf(region)) } : undefined;
  }
}

// By index, not by offset: an edit above a region would otherwise make a new key (and a new cache in
// the service) per keystroke.
export const regionKey = (d: vscode.TextDocument, index: number): string => `${d.uri.toString()}#sql${index}`;

export function registerPythonSql(client: SqlLanguageClient, server?: PythonSqlServer): vscode.Disposable {
  const regions = new PythonSqlRegions();
  const selector: vscode.DocumentSelector = [{ language: 'python' }];
  return vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(selector, {
      async provideCompletionItems(document, position) {
        const found = await regions.at(document, document.offsetAt(position));
        if (!found) return undefined;
        const { mod, region, key } = found;
        const { service } = await client.load();
        const r = await service.completion({ key, text: region.text },
          mod.toSqlOffset(region, document.offsetAt(position)), await client.catalog());
        const range = new vscode.Range(document.positionAt(mod.toSourceOffset(region, r.replaceStart)), position);
        return r.items.map((e) => toItem(e, range));
      },
    }, '.'),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position) {
        const found = await regions.at(document, document.offsetAt(position));
        if (!found) return undefined;
        const { mod, region, key } = found;
        const { service } = await client.load();
        const h = await service.hover({ key, text: region.text }, mod.toSqlOffset(region, document.offsetAt(position)), await client.catalog());
        if (!h) return undefined;
        const r = mod.toSourceRange(region, h.start, h.end);
        return new vscode.Hover(new vscode.MarkdownString(h.contents), new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)));
      },
    }),
    vscode.languages.registerSignatureHelpProvider(selector, {
      async provideSignatureHelp(document, position) {
        const found = await regions.at(document, document.offsetAt(position));
        if (!found) return undefined;
        const { mod, region, key } = found;
        const { service } = await client.load();
        const r = await service.signatureHelp({ key, text: region.text }, mod.toSqlOffset(region, document.offsetAt(position)), await client.catalog());
        return r ? toSignatureHelp(r) : undefined;
      },
    }, '(', ','),
    new PythonSqlDiagnostics(client, regions, undefined, server),
  );
}
