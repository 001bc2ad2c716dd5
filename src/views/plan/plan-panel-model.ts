// What the plan panel shows, kept apart from vscode so it can be tested: the explain text of each mode
// (fetched once through a PlanSource, then cached, so switching modes never re-runs the query), the
// execution metrics of a finished run, and the 'plan/show' message built from them.

import { EXPLAIN_MODES, type ExplainMode } from '../../connect/explain-mode';
import type { PlanDocument, SchemaField } from '../../plan/model';
import { parsePlan } from '../../plan/parse';
import { toWireDocument, type PlanShow } from '../../protocol/plan';
import { addFinalPlan } from '../../plan/final-plan';
import { readExecutionMetrics } from '../../plan/metrics';
import { mergeExecutionMetrics, type MetricsLike } from './metrics-merge';

/** Fetches the explain text of the panel's query in another mode (AnalyzePlan explain; no execution). */
export type PlanSource = (mode: ExplainMode, signal: AbortSignal) => Promise<string>;

export interface PlanPanelInput {
  /** Identifies the query; defaults to a fresh key per input. */
  planKey?: string;
  title: string;
  statement?: string;
  /** The mode shown first. */
  mode: ExplainMode;
  /** Explain text for `mode` when the caller already has it. */
  text?: string;
  /** Fetches other modes; without it only `mode` (with `text`) is available. */
  source?: PlanSource;
  /** Metrics of a finished run of the same query, to lay onto the physical plan. */
  metrics?: MetricsLike;
  /** Result columns with types, when the caller knows them (from the run's schema). */
  schema?: SchemaField[];
  /** The connection the plan came from. */
  profile?: string;
  /** A panel restored after a window reload: the message its webview saved, shown as it was. */
  snapshot?: PlanShow;
}

let keyCounter = 0;

export class PlanPanelModel {
  readonly planKey: string;
  readonly title: string;
  readonly statement: string | undefined;
  readonly profile: string | undefined;
  private readonly texts = new Map<ExplainMode, string>();
  private readonly source: PlanSource | undefined;
  private metrics: MetricsLike | undefined;
  private readonly schema: SchemaField[] | undefined;
  private current: ExplainMode;
  private lastShow: PlanShow | undefined;

  constructor(input: PlanPanelInput) {
    this.planKey = input.planKey ?? `plan-${Date.now().toString(36)}-${++keyCounter}`;
    this.title = input.title;
    this.statement = input.statement ?? input.snapshot?.statement;
    this.source = input.source;
    this.metrics = input.metrics;
    this.schema = input.schema;
    this.current = input.mode;
    this.profile = input.profile ?? input.snapshot?.profile;
    if (input.text !== undefined) this.texts.set(input.mode, input.text);
    if (input.snapshot) {
      // Nothing can be fetched for it (no session yet): it shows its one mode, marked as restored.
      this.lastShow = { ...input.snapshot, planKey: this.planKey, modes: [input.snapshot.mode], restored: true };
      this.current = input.snapshot.mode;
      this.texts.set(input.snapshot.mode, input.snapshot.document.raw);
    }
  }

  /** Shown from a snapshot saved before a window reload. */
  get restored(): boolean {
    return this.lastShow?.restored === true;
  }

  get mode(): ExplainMode {
    return this.current;
  }

  get modes(): ExplainMode[] {
    return this.source ? [...EXPLAIN_MODES] : EXPLAIN_MODES.filter((m) => this.texts.has(m));
  }

  /** The last message built, for re-sending after the webview reloads. */
  get shown(): PlanShow | undefined {
    return this.lastShow;
  }

  canShow(mode: ExplainMode): boolean {
    return this.texts.has(mode) || this.source !== undefined;
  }

  /** Explain text of `mode`: cached, or fetched through the source once. */
  async text(mode: ExplainMode, signal: AbortSignal): Promise<string> {
    const cached = this.texts.get(mode);
    if (cached !== undefined) return cached;
    if (!this.source) throw new Error(`The ${mode} plan is not available for this query.`);
    const text = await this.source(mode, signal);
    signal.throwIfAborted();
    this.texts.set(mode, text);
    return text;
  }

  /** Builds the message for `mode`, fetching its text if needed, and makes it the current mode. */
  async load(mode: ExplainMode, signal: AbortSignal): Promise<PlanShow> {
    const text = await this.text(mode, signal);
    const show = this.build(mode, text);
    this.current = mode;
    this.lastShow = show;
    return show;
  }

  /** New metrics (the query ran); the current message is rebuilt from cached text. */
  setMetrics(metrics: MetricsLike): PlanShow | undefined {
    this.metrics = metrics;
    const text = this.texts.get(this.current);
    if (text === undefined) return undefined;
    this.lastShow = this.build(this.current, text);
    return this.lastShow;
  }

  private build(mode: ExplainMode, text: string): PlanShow {
    const doc = parsePlan(text, { mode });
    let stageTimes: Record<number, number> | undefined;
    let finalPlan: PlanShow['finalPlan'];
    if (this.metrics) {
      stageTimes = mergeExecutionMetrics(doc, this.metrics).stageTimes;
      // Explain shows AQE's initial plan; the metrics describe the plan the run ended with.
      const final = addFinalPlan(doc, readExecutionMetrics(this.metrics));
      if (typeof final === 'object') finalPlan = final.changed ? 'changed' : 'unchanged';
      else if (final === 'no-parent-links') finalPlan = 'unavailable';
    }
    const schema = this.schema ?? analyzedSchema(doc) ?? this.cachedSchema();
    const show: PlanShow = {
      type: 'plan/show',
      planKey: this.planKey,
      title: this.title,
      mode,
      modes: this.modes,
      document: toWireDocument(doc),
      executed: this.metrics !== undefined,
    };
    if (this.statement !== undefined) show.statement = this.statement;
    if (this.profile !== undefined) show.profile = this.profile;
    if (stageTimes && Object.keys(stageTimes).length > 0) show.stageTimes = stageTimes;
    if (schema) show.schema = schema;
    if (finalPlan) show.finalPlan = finalPlan;
    return show;
  }

  // Another mode's analyzed plan names the result's types even when the current mode does not print them.
  private cachedSchema(): SchemaField[] | undefined {
    const extended = this.texts.get('extended');
    return extended === undefined ? undefined : analyzedSchema(parsePlan(extended, { mode: 'extended' }));
  }
}

function analyzedSchema(doc: PlanDocument): SchemaField[] | undefined {
  const s = doc.sections.find((x) => x.kind === 'analyzed' && x.schema && x.schema.length > 0);
  return s?.schema;
}
