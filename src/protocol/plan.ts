// The message protocol between the plan panel (extension host, src/views/plan) and the plan visualizer
// webview (media/plan). Compiled into both builds: no DOM, no vscode, no Node APIs.
//
// Conversation:
//   1. The webview loads and posts {type:'ready'}. The host queues everything until then and re-sends the
//      current plan after every reload (a hidden panel's webview is rebuilt when shown again).
//   2. The host sends 'plan/show' with a parsed PlanDocument (src/plan/model.ts) for one explain mode,
//      metrics already merged onto the physical plan when the query ran. Before that it may send
//      'plan/loading' (a mode is being fetched) and, when an explain call failed, 'plan/error'.
//   3. The user switches modes in the webview: request 'plan/setMode'. The host answers at once (accepted
//      or not), asks its PlanSource for that mode's text (cached after the first time; the query is not
//      run again), and sends a new 'plan/show' or 'plan/error'.
//   4. 'clipboard/write' asks the host to copy text; 'plan/openText' opens a mode's raw text in an editor.
//   5. After drawing, the webview posts 'plan/rendered' with its timings, for the log and for tests.
// Requests carry a numeric id; the host answers each with exactly one 'response' with that id.

import type { PlanDocument, SchemaField } from '../plan/model';
import type { ExplainMode } from '../connect/explain-mode';
import { isInt, isNum, isRec, isStr } from './guards';

export const PLAN_PROTOCOL_VERSION = 1;

import { EXPLAIN_MODES } from '../connect/explain-mode';

// ---------------------------------------------------------------- host -> webview

export interface PlanShow {
  type: 'plan/show';
  /** Identifies the query whose plan this is; a different key means a different query. */
  planKey: string;
  /** Short label for the header (statement kind, table name, file...). */
  title: string;
  /** The statement text, shown on hover; never inserted as HTML. */
  statement?: string;
  mode: ExplainMode;
  /** Modes the host can produce for this query, in menu order. */
  modes: ExplainMode[];
  /** The parsed plan. Metric values are numbers here: bigint does not survive the webview channel. */
  document: PlanDocument;
  /** The query ran and its metrics are merged onto the physical plan. */
  executed: boolean;
  /** Codegen stage id -> pipeline duration in ms, from the execution metrics. */
  stageTimes?: Record<number, number>;
  /** Result columns with their types (from the analyzed plan or the result schema), to type output columns. */
  schema?: SchemaField[];
  /**
   * After a run with adaptive execution: the document holds the final plan the run used as a section of
   * its own ('changed': its operators differ from the initial plan's; 'unchanged': AQE only cut it into
   * query stages), or the server did not send what it takes to rebuild it ('unavailable', Spark 3.5).
   */
  finalPlan?: 'changed' | 'unchanged' | 'unavailable';
  /** The connection the plan came from, so a restored panel can explain its statement again. */
  profile?: string;
  /** Shown from the snapshot the webview saved before the window reloaded: nothing live behind it. */
  restored?: boolean;
}

export interface PlanLoading {
  type: 'plan/loading';
  planKey: string;
  mode: ExplainMode;
}

export interface PlanErrorMessage {
  type: 'plan/error';
  planKey: string;
  mode: ExplainMode;
  /** What happened and what to do; already redacted. */
  message: string;
}

export type PlanResponse =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: string };

export type HostToPlan = PlanShow | PlanLoading | PlanErrorMessage | PlanResponse;

// ---------------------------------------------------------------- webview -> host

/** Every request method with its parameters and its result. */
export interface PlanRequests {
  'plan/setMode': { params: { planKey: string; mode: ExplainMode }; result: { accepted: boolean } };
  'clipboard/write': { params: { text: string; what: 'plan' | 'node' }; result: null };
  'plan/openText': { params: { planKey: string; mode: ExplainMode }; result: null };
  /** A restored panel: explain its statement again on its connection (it never runs the query). */
  'plan/rerun': { params: { planKey: string }; result: null };
}

export type PlanMethod = keyof PlanRequests;

export type PlanRequest = {
  [M in PlanMethod]: { type: 'request'; id: number; method: M; params: PlanRequests[M]['params'] };
}[PlanMethod];

export interface PlanReady {
  type: 'ready';
  protocolVersion: number;
}

export interface PlanRendered {
  type: 'plan/rendered';
  planKey: string;
  mode: ExplainMode;
  view: PlanViewKind;
  /** Plan nodes drawn in the current section. */
  nodeCount: number;
  layoutMs: number;
  drawMs: number;
}

/** Diagnostics for the host's log; never user data. */
export interface PlanLog {
  type: 'log';
  level: 'info' | 'warn' | 'error';
  message: string;
}

export type PlanToHost = PlanReady | PlanRequest | PlanRendered | PlanLog;

export type PlanViewKind = 'graph' | 'tree' | 'text';

export const PLAN_REQUEST_TIMEOUT_MS: Record<PlanMethod, number> = {
  'plan/setMode': 30_000,
  'clipboard/write': 10_000,
  'plan/openText': 30_000,
  'plan/rerun': 10_000,
};

// ---------------------------------------------------------------- validation
// Both sides check what arrives: postMessage carries structured-cloned data with no type guarantees. The
// document itself is checked only at its top level: it comes from our own parser on the host.


const optStr = (x: unknown) => x === undefined || isStr(x);

export function isExplainMode(x: unknown): x is ExplainMode {
  return isStr(x) && (EXPLAIN_MODES as readonly string[]).includes(x);
}

function isDocument(x: unknown): x is PlanDocument {
  return isRec(x) && isExplainMode(x.mode) && isStr(x.raw) && Array.isArray(x.sections)
    && x.sections.every((s) => isRec(s) && isStr(s.kind) && isStr(s.title) && isStr(s.raw))
    && isInt(x.nodeCount) && Array.isArray(x.warnings);
}

function isSchema(x: unknown): x is SchemaField[] {
  return Array.isArray(x) && x.every((f) => isRec(f) && isStr(f.name) && isStr(f.type));
}

function isStageTimes(x: unknown): x is Record<number, number> {
  return isRec(x) && Object.entries(x).every(([k, v]) => /^\d+$/.test(k) && isNum(v));
}

/** The host message, or undefined when `raw` is not one. */
export function parseHostToPlan(raw: unknown): HostToPlan | undefined {
  if (!isRec(raw) || !isStr(raw.type)) return undefined;
  const m = raw;
  switch (m.type) {
    case 'plan/show':
      return isStr(m.planKey) && isStr(m.title) && optStr(m.statement) && isExplainMode(m.mode)
        && Array.isArray(m.modes) && m.modes.every(isExplainMode) && isDocument(m.document)
        && typeof m.executed === 'boolean' && (m.stageTimes === undefined || isStageTimes(m.stageTimes))
        && (m.schema === undefined || isSchema(m.schema))
        && (m.finalPlan === undefined || m.finalPlan === 'changed' || m.finalPlan === 'unchanged' || m.finalPlan === 'unavailable')
        && optStr(m.profile) && (m.restored === undefined || typeof m.restored === 'boolean')
        ? (m as unknown as PlanShow) : undefined;
    case 'plan/loading':
      return isStr(m.planKey) && isExplainMode(m.mode) ? (m as unknown as PlanLoading) : undefined;
    case 'plan/error':
      return isStr(m.planKey) && isExplainMode(m.mode) && isStr(m.message) ? (m as unknown as PlanErrorMessage) : undefined;
    case 'response':
      if (!isInt(m.id) || typeof m.ok !== 'boolean') return undefined;
      return m.ok || isStr(m.error) ? (m as unknown as PlanResponse) : undefined;
    default:
      return undefined;
  }
}

function isParams(method: string, p: unknown): boolean {
  if (!isRec(p)) return false;
  switch (method) {
    case 'plan/setMode': return isStr(p.planKey) && isExplainMode(p.mode);
    case 'clipboard/write': return isStr(p.text) && (p.what === 'plan' || p.what === 'node');
    case 'plan/openText': return isStr(p.planKey) && isExplainMode(p.mode);
    case 'plan/rerun': return isStr(p.planKey);
    default: return false;
  }
}

const VIEWS: readonly string[] = ['graph', 'tree', 'text'];

/** The webview message, or undefined when `raw` is not one (the host should log and drop it). */
export function parsePlanToHost(raw: unknown): PlanToHost | undefined {
  if (!isRec(raw) || !isStr(raw.type)) return undefined;
  const m = raw;
  switch (m.type) {
    case 'ready': return isInt(m.protocolVersion) ? (m as unknown as PlanReady) : undefined;
    case 'plan/rendered':
      return isStr(m.planKey) && isExplainMode(m.mode) && isStr(m.view) && VIEWS.includes(m.view) && isInt(m.nodeCount)
        && isNum(m.layoutMs) && isNum(m.drawMs) ? (m as unknown as PlanRendered) : undefined;
    case 'log':
      return (m.level === 'info' || m.level === 'warn' || m.level === 'error') && isStr(m.message)
        ? (m as unknown as PlanLog) : undefined;
    case 'request':
      return isInt(m.id) && isStr(m.method) && isParams(m.method, m.params) ? (m as unknown as PlanRequest) : undefined;
    default: return undefined;
  }
}

/**
 * A copy of `doc` that survives the webview channel: VS Code serializes messages as JSON, where a bigint
 * (large metric values, SparkPlan ids) throws. Values past 2^53 lose precision, which display tolerates.
 */
export function toWireDocument(doc: PlanDocument): PlanDocument {
  return JSON.parse(JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as PlanDocument;
}
