// Explorer actions on catalog nodes: refresh, select top 100, describe, show DDL, explain, copy the
// name, insert it at the cursor. The SQL they run is generated in views/catalog-model.ts.
import * as vscode from 'vscode';
import { qualifiedName, quoteIdentifier } from '../sql/identifiers';
import { CatalogNode, TableAction, nodeNameParts, tableActionSql } from '../views/catalog-model';
import { catalogNodeOf } from '../views/connection-nodes';
import type { Handler } from './command-ids';
import type { SqlRunCommands } from './run-commands';
import type { Services } from './services';

function tableNode(arg: unknown): Extract<CatalogNode, { kind: 'table' }> | undefined {
  const node = catalogNodeOf(arg);
  return node?.kind === 'table' ? node : undefined;
}

/** The name to copy or insert: qualified for tables, databases and catalogs, bare for columns. */
export function nodeName(node: CatalogNode): string {
  return node.kind === 'column' ? quoteIdentifier(node.column.name) : qualifiedName(nodeNameParts(node));
}

async function tableAction(runner: SqlRunCommands, arg: unknown, action: TableAction): Promise<void> {
  const node = tableNode(arg);
  if (!node) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Choose a table or view in the Spark explorer.'));
    return;
  }
  const sql = tableActionSql(node, action);
  const title = qualifiedName(nodeNameParts(node));
  if (action === 'explain') await runner.explainText(node.profile, sql, title);
  else await runner.runText(node.profile, sql, title);
}

async function insertName(arg: unknown): Promise<void> {
  const node = catalogNodeOf(arg);
  const editor = vscode.window.activeTextEditor;
  if (!node) return;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open an editor to insert the name into.'));
    return;
  }
  const name = nodeName(node);
  await editor.edit((b) => {
    for (const sel of editor.selections) b.replace(sel, name);
  });
}

export function explorerCommands(s: Services, runner: SqlRunCommands) {
  return {
    'sparkConnect.explorer.refresh': ((arg?: unknown) => s.connections.refresh(arg)) as Handler,
    'sparkConnect.explorer.selectTop100': ((arg?: unknown) => tableAction(runner, arg, 'selectTop100')) as Handler,
    'sparkConnect.explorer.describe': ((arg?: unknown) => tableAction(runner, arg, 'describe')) as Handler,
    'sparkConnect.explorer.showDdl': ((arg?: unknown) => tableAction(runner, arg, 'showDdl')) as Handler,
    'sparkConnect.explorer.explain': ((arg?: unknown) => tableAction(runner, arg, 'explain')) as Handler,
    'sparkConnect.explorer.copyName': (async (arg?: unknown) => {
      const node = catalogNodeOf(arg);
      if (node) await vscode.env.clipboard.writeText(nodeName(node));
    }) as Handler,
    'sparkConnect.explorer.insertName': ((arg?: unknown) => insertName(arg)) as Handler,
  };
}
