// The Operations view: running queries with their elapsed time (cancel inline), then the history of
// past runs (run again, open). Elapsed times tick once a second while anything runs.
import * as vscode from 'vscode';
import type { HistoryEntry, OperationsModel, RunningOperation } from '../engine/operations-model';
import { formatDuration } from './format';
import { historyLabel } from './history-label';
import type { OperationsNode } from './operation-nodes';

function firstLine(sql: string): string {
  const line = sql.split('\n').find((l) => l.trim().length > 0)?.trim() ?? sql.trim();
  return line.length > 80 ? `${line.slice(0, 79)}\u2026` : line;
}

function sqlTooltip(sql: string, extra: string[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendCodeblock(sql.length > 2000 ? `${sql.slice(0, 2000)}\n\u2026` : sql, 'sql');
  for (const line of extra) md.appendText(`${line}\n`);
  return md;
}

export class OperationsTreeProvider implements vscode.TreeDataProvider<OperationsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<OperationsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly groups = { running: { type: 'group', which: 'running' } as OperationsNode, history: { type: 'group', which: 'history' } as OperationsNode };
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: { dispose(): void };

  constructor(private readonly model: OperationsModel, private readonly now: () => number = Date.now) {
    this.subscription = model.onDidChange(() => this.update());
  }

  private update(): void {
    this.changed.fire(undefined);
    const anyRunning = this.model.running().length > 0;
    if (anyRunning && !this.timer) {
      this.timer = setInterval(() => this.changed.fire(this.groups.running), 1000);
    } else if (!anyRunning && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  getTreeItem(element: OperationsNode): vscode.TreeItem {
    switch (element.type) {
      case 'group': {
        const running = element.which === 'running';
        const count = running ? this.model.running().length : this.model.history().length;
        const item = new vscode.TreeItem(running ? vscode.l10n.t('Running ({0})', count) : vscode.l10n.t('History ({0})', count), vscode.TreeItemCollapsibleState.Expanded);
        item.contextValue = running ? 'group running' : 'group history';
        item.id = `group:${element.which}`;
        return item;
      }
      case 'running':
        return this.runningItem(element.op);
      case 'history':
        return historyItem(element.entry, this.now());
    }
  }

  getChildren(element?: OperationsNode): OperationsNode[] {
    if (!element) return [this.groups.running, this.groups.history];
    if (element.type !== 'group') return [];
    if (element.which === 'running') return this.model.running().map((op) => ({ type: 'running', op }));
    return this.model.history().map((entry) => ({ type: 'history', entry }));
  }

  private runningItem(op: RunningOperation): vscode.TreeItem {
    const item = new vscode.TreeItem(firstLine(op.sql), vscode.TreeItemCollapsibleState.None);
    item.description = `${op.profile} \u00b7 ${formatDuration(this.now() - op.startedAt)}`;
    item.iconPath = new vscode.ThemeIcon('sync~spin');
    item.tooltip = sqlTooltip(op.sql, [op.operationId ? `operation ${op.operationId}` : '']);
    item.contextValue = 'operation running';
    return item;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function historyItem(entry: HistoryEntry, now: number): vscode.TreeItem {
  // When, where and what: the time, the profile and the whole statement on one line; opening it shows the full text.
  const item = new vscode.TreeItem(historyLabel(entry, now), vscode.TreeItemCollapsibleState.None);
  const rows = entry.rows === undefined ? '' : ` \u00b7 ${entry.rows === 1 ? vscode.l10n.t('1 row') : vscode.l10n.t('{0} rows', entry.rows)}`;
  const kind = entry.kind === 'explain' ? ` \u00b7 ${vscode.l10n.t('explain')}` : '';
  item.description = `${formatDuration(entry.durationMs)}${rows}${kind}`;
  const icon = entry.status === 'succeeded' ? 'pass' : entry.status === 'failed' ? 'error' : 'circle-slash';
  item.iconPath = new vscode.ThemeIcon(icon);
  const when = new Date(entry.startedAt).toLocaleString();
  item.tooltip = sqlTooltip(entry.sql, [`${entry.status} \u00b7 ${when} (${formatDuration(now - entry.startedAt)} ago)`, ...(entry.error ? [entry.error] : [])]);
  item.contextValue = 'operation history';
  item.command = { command: 'sparkConnect.operations.open', title: vscode.l10n.t('Open in Editor'), arguments: [{ type: 'history', entry }] };
  return item;
}
