// Shared pieces of the API unit tests: a fake transport client that records what a session sends and
// answers from a script, and a codec round trip that shows a plan exactly as the server would read it.
import { Table, tableToIPC } from 'apache-arrow';
import type * as protobuf from 'protobufjs';
import { spark } from '../../../src/connect/generated/spark-connect';
import type { ExecuteEvent } from '../../../src/connect/execution';
import type { AnalyzeBody, CallOptions, ExecuteOptions, InterruptTarget } from '../../../src/connect/client';
import type { ExecutionLike, SessionClient } from '../../../src/connect/session-core';
import { SparkSession } from '../../../src/connect/session';
import { reflectedType } from '../../support/proto-reflection';

/**
 * A message encoded to bytes and decoded back, as a plain object (int64 as strings, enums by name).
 * `name` is the message's full protobuf name; the conversion comes from reflection over proto/.
 */
export function wire<T>(type: { encode(m: T): { finish(): Uint8Array }; decode(b: Uint8Array): unknown },
  name: string, message: T): Record<string, unknown> {
  const decoded = type.decode(type.encode(message).finish());
  return reflectedType(name).toObject(decoded as protobuf.Message, { longs: String, enums: String, bytes: Array });
}

/** A relation as the server reads it. */
export function wireRelation(rel: spark.connect.IRelation): Record<string, unknown> {
  return wire(spark.connect.Relation, 'spark.connect.Relation', rel);
}

/** An expression as the server reads it. */
export function wireExpr(e: spark.connect.IExpression): Record<string, unknown> {
  return wire(spark.connect.Expression, 'spark.connect.Expression', e);
}

/** The relation body without its common header (plan ids differ run to run). */
export function body(rel: spark.connect.IRelation): Record<string, unknown> {
  const { common: _common, ...rest } = wireRelation(rel);
  void _common;
  return rest;
}

/** Arrow IPC bytes of a one-batch table, as an 'arrow' event carries them. */
export function arrowEvent(table: Table): ExecuteEvent {
  return { kind: 'arrow', rowCount: table.numRows, data: tableToIPC(table, 'stream') };
}

export interface Recorded {
  executed: Array<{ plan: spark.connect.IPlan; opts?: ExecuteOptions }>;
  analyzed: AnalyzeBody[];
  configs: spark.connect.ConfigRequest.IOperation[];
  interrupts: InterruptTarget[];
  closed: number;
}

export interface FakeScript {
  version?: string;
  /** Events for each execution, by call order; missing entries give an empty result. */
  executions?: ExecuteEvent[][];
  /** Answers for AnalyzePlan calls other than sparkVersion. */
  analyze?: (body: AnalyzeBody) => spark.connect.AnalyzePlanResponse.$Properties;
  config?: (op: spark.connect.ConfigRequest.IOperation) => spark.connect.ConfigResponse.$Properties;
}

export class FakeClient implements SessionClient {
  readonly sessionId = '00000000-0000-4000-8000-000000000000';
  readonly recorded: Recorded = { executed: [], analyzed: [], configs: [], interrupts: [], closed: 0 };
  private executions = 0;

  constructor(private readonly script: FakeScript = {}) {}

  execute(plan: spark.connect.IPlan, opts?: ExecuteOptions): ExecutionLike {
    // Encoding here proves every plan the API builds is a valid message.
    spark.connect.Plan.encode(plan).finish();
    this.recorded.executed.push(opts === undefined ? { plan } : { plan, opts });
    const events = this.script.executions?.[this.executions++] ?? [];
    return {
      operationId: `op-${this.executions}`,
      cancel: async () => undefined,
      async *[Symbol.asyncIterator]() { for (const e of events) yield e; },
    };
  }

  async analyze(b: AnalyzeBody, _opts?: CallOptions): Promise<spark.connect.AnalyzePlanResponse.$Properties> {
    if (b.sparkVersion) return { sparkVersion: { version: this.script.version ?? '4.3.0' } };
    this.recorded.analyzed.push(b);
    spark.connect.AnalyzePlanRequest.encode({ sessionId: this.sessionId, ...b }).finish();
    return this.script.analyze?.(b) ?? {};
  }

  async config(op: spark.connect.ConfigRequest.IOperation, _opts?: CallOptions): Promise<spark.connect.ConfigResponse.$Properties> {
    this.recorded.configs.push(op);
    return this.script.config?.(op) ?? { pairs: [] };
  }

  async interrupt(target: InterruptTarget, _opts?: CallOptions): Promise<string[]> {
    this.recorded.interrupts.push(target);
    return ['op-1'];
  }

  async close(): Promise<void> {
    this.recorded.closed++;
  }
}

export function fakeSession(script: FakeScript = {}, output?: (text: string) => void): { spark: SparkSession; client: FakeClient } {
  const client = new FakeClient(script);
  return { spark: new SparkSession(client, output ? { output } : {}), client };
}
