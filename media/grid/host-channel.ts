// The grid talks to the host through the shared HostClient (media/shared), speaking the grid protocol.

import {
  GRID_PROTOCOL_VERSION, parseHostMessage, REQUEST_TIMEOUT_MS, type GridRequests, type GridToHost, type HostToGrid,
} from '../../src/protocol/grid';
import type { ClientProtocol, HostClient } from '../shared/host-client';

export type HostChannel = HostClient<GridToHost, HostToGrid, GridRequests>;

export const GRID_CLIENT: ClientProtocol<GridToHost, HostToGrid, GridRequests> = {
  ready: { type: 'ready', protocolVersion: GRID_PROTOCOL_VERSION }, parse: parseHostMessage, timeoutMs: REQUEST_TIMEOUT_MS,
};
