// package.json's context menus, evaluated the way VS Code does for the simple "a && b" clauses ours
// use (view == x, viewItem =~ /re/), so tests can check which actions a tree item offers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../servers';

interface MenuEntry { command: string; when?: string; group?: string }
const pkg = JSON.parse(readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuEntry[]> } };

export function shows(when: string | undefined, view: string, viewItem: string): boolean {
  if (!when) return true;
  return when.split('&&').map((c) => c.trim()).every((c) => {
    const eq = /^view == (\S+)$/.exec(c);
    if (eq) return eq[1] === view;
    const re = /^viewItem =~ \/(.*)\/$/.exec(c);
    if (re) return new RegExp(re[1]).test(viewItem);
    throw new Error(`clause not understood: ${c}`);
  });
}

/** Commands (without the "sparkConnect." prefix) a tree item offers, in its context menu or inline. */
export function itemMenu(view: string, viewItem: string, where: 'context' | 'inline' = 'context'): string[] {
  const items = pkg.contributes.menus['view/item/context']
    .filter((m) => (where === 'inline') === (m.group?.startsWith('inline') ?? false))
    .filter((m) => shows(m.when, view, viewItem));
  return [...new Set(items.map((m) => m.command.replace('sparkConnect.', '')))].sort();
}
