// The plan view talks to the host through the shared HostClient (media/shared), speaking the plan protocol.

import {
  PLAN_PROTOCOL_VERSION, PLAN_REQUEST_TIMEOUT_MS, parseHostToPlan, type HostToPlan, type PlanRequests, type PlanToHost,
} from '../../src/protocol/plan';
import type { ClientProtocol, HostClient } from '../shared/host-client';

export type HostBridge = HostClient<PlanToHost, HostToPlan, PlanRequests>;

export const PLAN_CLIENT: ClientProtocol<PlanToHost, HostToPlan, PlanRequests> = {
  ready: { type: 'ready', protocolVersion: PLAN_PROTOCOL_VERSION }, parse: parseHostToPlan, timeoutMs: PLAN_REQUEST_TIMEOUT_MS,
};
