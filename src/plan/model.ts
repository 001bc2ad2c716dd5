// The typed model of a parsed explain() string. Spark Connect returns explain output as one opaque string
// (AnalyzePlanResponse.Explain.explain_string); parsePlan turns it into these plain objects. Everything is
// JSON-friendly (no Maps, no parent pointers, no cycles) so a document can cross to a webview or the CLI
// as is; cross-links between nodes are numeric ids.

import type { ExplainMode } from '../connect/explain-mode';

export type SectionKind =
  | 'parsed' // == Parsed Logical Plan ==
  | 'analyzed' // == Analyzed Logical Plan ==
  | 'optimized' // == Optimized Logical Plan ==
  | 'physical' // == Physical Plan ==
  | 'codegen' // codegen mode: "Found N WholeStageCodegen subtrees." and its subtrees
  | 'other'; // any other "== Title ==" block (e.g. Extended Information), or text before the first header

export interface PlanDocument {
  /** The mode the caller named, or the one recognised from the text's shape. */
  mode: ExplainMode;
  /** The whole input, untouched. */
  raw: string;
  sections: PlanSection[];
  /** Number of PlanNodes created; node ids run from 0 to nodeCount - 1. */
  nodeCount: number;
  /** Things the parser noticed but worked around (an odd indentation, a detail block with no node...). */
  warnings: string[];
}

export interface PlanSection {
  kind: SectionKind;
  /** The header's text, e.g. "Physical Plan", or "Found 3 WholeStageCodegen subtrees." in codegen mode. */
  title: string;
  /** The section's text from its header line up to the next section, untouched. */
  raw: string;
  /** Zero-based line of the header in the whole input. */
  line: number;
  /** The plan tree, when the section holds one. */
  root?: PlanNode;
  /** Analyzed plan only: the "name: type, ..." line Spark prints above the tree. */
  schema?: SchemaField[];
  /** N of a schema line cut short with "... N more fields" (spark.sql.maxToStringFields). */
  schemaMoreFields?: number;
  /** Formatted physical plan: the entries of "===== Subqueries =====". */
  subqueries?: SubqueryEntry[];
  /** Formatted physical plan after AQE ran: the "===== Adaptively Optimized Out Exchanges =====" entries. */
  optimizedOutExchanges?: OptimizedOutExchange[];
  /** Codegen mode: one entry per "== Subtree i / N ==" block. */
  codegenSubtrees?: CodegenSubtree[];
  /** Codegen mode: N from "Found N WholeStageCodegen subtrees." */
  codegenSubtreeCount?: number;
  /** A section that holds an error instead of a plan (e.g. an AnalysisException in the analyzed plan). */
  error?: string;
  /** Lines of the section the parser could not place on any node. */
  unparsed: string[];
  /** After a run with AQE (final-plan.ts): 'final' is the plan the run used, rebuilt from its metrics;
   *  'initial' the explained physical plan it started from. */
  adaptiveRole?: 'initial' | 'final';
}

export interface SchemaField {
  name: string;
  type: string;
}

export interface PlanNode {
  /** Unique within the document, assigned in text order. */
  id: number;
  /** Operator name: the first word of the node's text ("HashAggregate", "FileScan", "Scan", "Project",
   *  "UnresolvedRelation" without its "'" marker). */
  name: string;
  /** Spark's full nodeName where the text gives it: the formatted mode's detail header
   *  ("Scan parquet spark_catalog.default.t", "BroadcastHashJoin"). */
  nodeName?: string;
  /** The node's text without tree drawing, codegen marker, state prefix, operator id and statistics. */
  label: string;
  /** What follows the name in label; in formatted mode the "Arguments" detail when there is one. */
  args: string;
  /** Output attributes, where the text states them (see outputAttributes in node-text.ts for the rules). */
  output?: Attribute[];
  /** Whole-stage-codegen stage: "*(n)" before the node, or "[codegen id : n]" in its formatted details. */
  codegenStage?: number;
  /** True when the node runs inside whole-stage codegen ("*(n)" or the formatted mode's "* "). */
  inCodegen: boolean;
  /** Formatted mode's "(N)"; AQE's initial and final plans may share one id between two nodes. */
  operatorId?: number;
  /** "'" prefix: the node is not resolved yet (parsed logical plans). */
  unresolved: boolean;
  /** "!" prefix: the node refers to attributes its children do not produce. */
  missingInput: boolean;
  /** Cost mode (and AQE query stages): ", Statistics(...)" after the node. */
  stats?: PlanStatistics;
  /** Formatted mode: the node's detail block as key/value fields, in printed order. */
  details?: DetailField[];
  /** Formatted mode: the detail block's header line, e.g. "(3) ReusedExchange [Reuses operator id: 9]". */
  detailHeader?: string;
  children: PlanNode[];
  /** Plans Spark prints before the children, two levels deeper: subquery plans hosted by this node's
   *  expressions, InMemoryRelation's cached plan, and the like. */
  innerChildren: PlanNode[];
  /** AdaptiveSparkPlan only. */
  adaptive?: AdaptiveInfo;
  /** Edges that are not parent/child: reuse and subquery references. */
  links: PlanLink[];
  /** The node's own line followed by any lines that belonged to it but did not parse. */
  rawLines: string[];
  /** Zero-based line of the node in the whole input. */
  line: number;
  /** Execution metrics, set by mergeMetrics. */
  metrics?: NodeMetrics;
}

export interface Attribute {
  /** Column name; for "expr AS name#id" the alias. */
  name: string;
  /** The "#id" part (Spark's ExprId), absent for unresolved or unnamed items. */
  exprId?: number;
  /** "L" marks a LongType attribute; Spark prints no suffix for other types. */
  typeSuffix?: string;
  /** For "expr AS name#id" items, the expression before AS. */
  expression?: string;
  /** The item exactly as printed. */
  text: string;
  /** Set on the "... N more fields" placeholder Spark prints past spark.sql.maxToStringFields. */
  moreFields?: number;
}

export interface PlanStatistics {
  /** Bytes, converted from Spark's human form ("1200.0 B", "6.5 MiB"). */
  sizeInBytes?: number;
  /** sizeInBytes as printed. */
  sizeText?: string;
  /** Row count when known; Spark prints it with three significant digits ("1.00E+3"). */
  rowCount?: number;
  /** Every key=value pair inside Statistics(...), as printed. */
  fields: Record<string, string>;
  raw: string;
}

export interface DetailField {
  /** "Output", "Arguments", "Condition", "Left keys", "PushedFilters", ... */
  key: string;
  /** The bracketed count some keys carry: "Output [2]: ..." gives 2. */
  count?: number;
  /** Everything after the colon; continuation lines are joined with "\n". */
  value: string;
}

export interface AdaptiveInfo {
  /** From "isFinalPlan=true|false"; undefined if the text does not say. */
  isFinalPlan?: boolean;
  /** "Final Plan" or "Current Plan" when Spark printed the two plans apart; the plan itself is children[0]. */
  currentPlanLabel?: string;
  /** The initial plan, printed under "== Initial Plan ==" when it differs from the current one.
   *  It is not in children: walks visit it only when asked to. */
  initialPlan?: PlanNode;
}

export type PlanLinkKind =
  /** ReusedExchange -> the exchange it reuses (simple: same [plan_id=N]; formatted: "Reuses operator id"). */
  | 'reuses'
  /** ReusedSubquery (or a node hosting one) -> the subquery plan it reuses. */
  | 'reusesSubquery'
  /** Formatted mode: the hosting operator -> the root of a subquery listed under "===== Subqueries =====". */
  | 'subquery';

export interface PlanLink {
  kind: PlanLinkKind;
  /** PlanNode.id of the other end. */
  targetId: number;
  /** E.g. the hosting expression of a subquery. */
  label?: string;
}

export interface SubqueryEntry {
  /** i of "Subquery:i". */
  index: number;
  hostingOperatorId?: number;
  hostingExpression: string;
  /** Ids of the nodes that carry hostingOperatorId (two if AQE printed an initial and a final plan). */
  hostNodeIds: number[];
  /** The subquery's plan; absent for a reused subquery, which Spark lists without a tree. */
  root?: PlanNode;
  /** The hosting expression starts with "ReusedSubquery". */
  reused: boolean;
  raw: string;
}

export interface OptimizedOutExchange {
  /** i of "Subplan:i". */
  index: number;
  root?: PlanNode;
  raw: string;
}

export interface CodegenSubtree {
  /** i of "== Subtree i / N (...) ==". */
  index: number;
  total: number;
  /** The header's key:value statistics (maxMethodCodeSize, maxConstantPoolSize, numInnerClasses), as numbers. */
  header: Record<string, number>;
  /** Percentage from "maxConstantPoolSize:212(0.32% used)". */
  constantPoolUsedPercent?: number;
  /** The stage id of the subtree's root ("*(n)"), or from the generated code's "codegenStageId=n". */
  codegenStage?: number;
  root?: PlanNode;
  /** The generated Java source as printed, "/* 001 *\/" line numbers included. */
  code: string;
  raw: string;
}

export interface NodeMetrics {
  /** The server's SparkPlan.id for this operator (MetricObject.plan_id). Not related to PlanNode.id. */
  planId: number | bigint;
  values: NodeMetricValue[];
  /** Whole-stage-codegen stage the executed operator ran in, when the metrics tell it. */
  codegenStage?: number;
}

export interface NodeMetricValue {
  /** Metric key, e.g. "numOutputRows". */
  key: string;
  /** Display name, e.g. "number of output rows". */
  name: string;
  value: number | bigint;
  /** "sum", "size", "timing", "nsTiming", "average", or a data source's own type. */
  metricType: string;
}
