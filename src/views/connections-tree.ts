// The Connections view: profiles with their state; under a connected profile its Spark UI link and
// the catalog tree (catalogs > databases > tables and views > columns), loaded lazily. Each
// profile's CatalogModel lives in the session's scope, so disconnecting drops it and aborts its loads.
import * as vscode from 'vscode';
import { describeFailure } from '../engine/error-report';
import { stateText } from './connection-state';
import type { SessionManager } from '../engine/session-manager';
import { profileAddress } from '../profiles/profile';
import type { ProfileRepository } from '../profiles/profile-repository';
import { CatalogModel, CatalogNode, nodeId } from './catalog-model';
import { ConnectionsNode, catalogNodeOf, profileNameOf } from './connection-nodes';

export class ConnectionsTreeProvider implements vscode.TreeDataProvider<ConnectionsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConnectionsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly models = new Map<string, CatalogModel>();
  // Stable element objects: VS Code matches refreshed elements by identity.
  private readonly profileNodes = new Map<string, ConnectionsNode>();
  private readonly catalogNodes = new WeakMap<CatalogNode, ConnectionsNode>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly profiles: ProfileRepository, private readonly sessions: SessionManager) {
    this.subscriptions.push(
      // A whole refresh: the profile item's id changes with its session, which a partial refresh cannot carry.
      sessions.onDidChangeState(() => this.changed.fire(undefined)),
      sessions.onDidChangeActive(() => this.changed.fire(undefined)),
      profiles.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  /** Refreshes one node (dropping its cached children) or everything. */
  refresh(arg?: unknown): void {
    const catalogNode = catalogNodeOf(arg);
    const profile = profileNameOf(arg);
    if (catalogNode) {
      this.models.get(catalogNode.profile)?.refresh(catalogNode);
      this.changed.fire(arg as ConnectionsNode);
    } else if (profile !== undefined) {
      this.models.get(profile)?.refresh();
      this.changed.fire(this.profileNode(profile));
    } else {
      for (const m of this.models.values()) m.refresh();
      this.changed.fire(undefined);
    }
  }

  getTreeItem(element: ConnectionsNode): vscode.TreeItem {
    switch (element.type) {
      case 'profile':
        return this.profileItem(element.name);
      case 'catalog':
        return catalogItem(element.node);
      case 'sparkUi': {
        const item = new vscode.TreeItem(vscode.l10n.t('Spark UI'), vscode.TreeItemCollapsibleState.None);
        item.description = element.url;
        item.iconPath = new vscode.ThemeIcon('link-external');
        item.command = { command: 'sparkConnect.profiles.openSparkUi', title: vscode.l10n.t('Open Spark UI'), arguments: [element.profile] };
        item.contextValue = 'sparkUi';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(element.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(element.isError ? 'error' : 'info');
        item.tooltip = element.text;
        item.contextValue = 'message';
        return item;
      }
    }
  }

  async getChildren(element?: ConnectionsNode): Promise<ConnectionsNode[]> {
    if (!element) return this.profiles.list().map((e) => this.profileNode(e.profile.name));
    if (element.type === 'profile') return this.profileChildren(element.name);
    if (element.type === 'catalog') {
      const model = this.models.get(element.node.profile);
      if (!model) return [];
      return this.load(element.node.profile, () => model.children(element.node));
    }
    return [];
  }

  private async profileChildren(name: string): Promise<ConnectionsNode[]> {
    const session = this.sessions.session(name);
    if (!session) return [];
    let model = this.models.get(name);
    if (!model) {
      const created = new CatalogModel(name, session);
      model = created;
      this.models.set(name, created);
      this.sessions.sessionScope(name).add({
        dispose: () => {
          created.dispose();
          if (this.models.get(name) === created) this.models.delete(name);
        },
      });
    }
    const m = model;
    const out: ConnectionsNode[] = [];
    const url = this.profiles.get(name)?.profile.sparkUiUrl;
    if (url) out.push({ type: 'sparkUi', profile: name, url });
    out.push(...(await this.load(name, () => m.roots())));
    return out;
  }

  private async load(profile: string, fetch: () => Promise<CatalogNode[]>): Promise<ConnectionsNode[]> {
    try {
      return (await fetch()).map((n) => this.catalogNode(n));
    } catch (err) {
      const failure = describeFailure(err);
      if (failure.cancelled) return [];
      this.sessions.reportFailure(profile, err);
      return [{ type: 'message', profile, text: vscode.l10n.t('Could not load: {0}', failure.message), isError: true }];
    }
  }

  private profileNode(name: string): ConnectionsNode {
    let node = this.profileNodes.get(name);
    if (!node) {
      node = { type: 'profile', name };
      this.profileNodes.set(name, node);
    }
    return node;
  }

  private catalogNode(n: CatalogNode): ConnectionsNode {
    let node = this.catalogNodes.get(n);
    if (!node) {
      node = { type: 'catalog', node: n };
      this.catalogNodes.set(n, node);
    }
    return node;
  }

  private profileItem(name: string): vscode.TreeItem {
    const entry = this.profiles.get(name);
    const state = this.sessions.state(name);
    const connected = state.kind === 'connected';
    const item = new vscode.TreeItem(name, connected ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    // The id changes with the session, so a new session starts collapsed with fresh children.
    item.id = `profile:${name}:${connected ? state.sessionId : state.kind}`;
    const active = this.sessions.activeProfile === name;
    const source = entry?.source === 'environment' ? ' \u00b7 SPARK_REMOTE' : entry?.source === 'workspace' ? ` \u00b7 ${vscode.l10n.t('workspace')}` : '';
    item.description = `${active ? '\u2605 ' : ''}${stateText(state)}${source}`;
    item.iconPath = new vscode.ThemeIcon(
      state.kind === 'connected' ? 'database' : state.kind === 'connecting' ? 'sync~spin' : state.kind === 'error' ? 'error' : 'debug-disconnect',
      state.kind === 'error' ? new vscode.ThemeColor('errorForeground') : undefined,
    );
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMd(name)}**\n\n`);
    if (entry) tooltip.appendMarkdown(`${escapeMd(profileAddress(entry.profile))}${entry.profile.tls ? ' (TLS)' : ''}\n\n`);
    tooltip.appendMarkdown(`${escapeMd(stateText(state))}\n\n`);
    for (const p of entry?.problems ?? []) tooltip.appendMarkdown(`$(warning) ${escapeMd(p)}\n\n`);
    tooltip.supportThemeIcons = true;
    item.tooltip = tooltip;
    // A click on a profile that is not connected connects it (connected ones expand instead).
    if (state.kind === 'disconnected' || state.kind === 'error') {
      item.command = { command: 'sparkConnect.connection.connect', title: vscode.l10n.t('Connect'), arguments: [name] };
    }
    // Menus match on these words (package.json "when": viewItem =~ /state:connected/ ...).
    item.contextValue = ['profile', `state:${state.kind}`, `source:${entry?.source ?? 'unknown'}`, entry?.profile.sparkUiUrl ? 'ui' : '', active ? 'active' : '']
      .filter(Boolean).join(' ');
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const m of this.models.values()) m.dispose();
    this.models.clear();
    this.changed.dispose();
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function catalogItem(node: CatalogNode): vscode.TreeItem {
  const collapsible = node.kind === 'column' ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed;
  switch (node.kind) {
    case 'catalog': {
      const item = new vscode.TreeItem(node.catalog, collapsible);
      item.iconPath = new vscode.ThemeIcon('library');
      item.contextValue = 'catalog';
      item.id = nodeId(node);
      return item;
    }
    case 'database': {
      const item = new vscode.TreeItem(node.database.join('.'), collapsible);
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.contextValue = 'database';
      item.id = nodeId(node);
      return item;
    }
    case 'table': {
      const item = new vscode.TreeItem(node.table.name, collapsible);
      const isView = node.table.kind === 'view';
      item.iconPath = new vscode.ThemeIcon(isView ? 'eye' : 'table');
      item.description = node.table.isTemporary ? vscode.l10n.t('temporary view') : isView ? vscode.l10n.t('view') : undefined;
      item.tooltip = node.table.description;
      item.contextValue = isView ? 'table view' : 'table';
      item.id = nodeId(node);
      return item;
    }
    case 'column': {
      const item = new vscode.TreeItem(node.column.name, collapsible);
      item.description = `${node.column.type}${node.column.nullable ? '' : ' not null'}${node.column.isPartition ? ` \u00b7 ${vscode.l10n.t('partition')}` : ''}`;
      item.iconPath = new vscode.ThemeIcon(node.column.isPartition ? 'symbol-key' : 'symbol-field');
      item.tooltip = node.column.description;
      item.contextValue = 'column';
      item.id = nodeId(node);
      return item;
    }
  }
}
