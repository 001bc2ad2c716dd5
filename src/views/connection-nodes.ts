// The elements of the Connections view. Commands receive them as arguments from context menus.
import type { CatalogNode } from './catalog-model';

export type ConnectionsNode =
  | { type: 'profile'; name: string }
  | { type: 'catalog'; node: CatalogNode }
  | { type: 'sparkUi'; profile: string; url: string }
  | { type: 'message'; profile: string; text: string; isError: boolean };

/** The profile a command argument refers to: a node of the view, a name, or nothing. */
export function profileNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Partial<ConnectionsNode>;
  if (node.type === 'profile') return (node as { name: string }).name;
  if (node.type === 'catalog') return (node as { node: CatalogNode }).node.profile;
  if (node.type === 'sparkUi' || node.type === 'message') return (node as { profile: string }).profile;
  return undefined;
}

export function catalogNodeOf(arg: unknown): CatalogNode | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Partial<ConnectionsNode>;
  return node.type === 'catalog' ? (node as { node: CatalogNode }).node : undefined;
}
