// Sorts Spark operators into the few families the plan view colours and the hint rules reason about.
// Names come from PlanNode.name (the first word of the node's text), so both physical ("HashAggregate",
// "FileScan") and logical ("Aggregate", "Relation") plans are covered; unknown vendor operators (Photon*,
// Gpu*, Comet*) fall back on suffixes before landing in 'other'.

export type OperatorKind = 'scan' | 'filter' | 'join' | 'aggregate' | 'exchange' | 'sort' | 'write' | 'other';

export const OPERATOR_KINDS: readonly OperatorKind[] =
  ['scan', 'filter', 'join', 'aggregate', 'exchange', 'sort', 'write', 'other'];

const EXACT: Record<string, OperatorKind> = {
  Range: 'scan',
  LocalRelation: 'scan',
  OneRowRelation: 'scan',
  LogicalRDD: 'scan',
  Relation: 'scan',
  UnresolvedRelation: 'scan',
  InMemoryRelation: 'scan',
  HiveTableRelation: 'scan',
  DataSourceV2Relation: 'scan',
  DataSourceV2ScanRelation: 'scan',
  ExternalRDD: 'scan',
  UnresolvedInlineTable: 'scan',
  Filter: 'filter',
  Project: 'filter',
  Sample: 'filter',
  GlobalLimit: 'filter',
  LocalLimit: 'filter',
  CollectLimit: 'filter',
  Limit: 'filter',
  Offset: 'filter',
  CollectTail: 'filter',
  Tail: 'filter',
  Deduplicate: 'aggregate',
  Distinct: 'aggregate',
  Window: 'aggregate',
  WindowGroupLimit: 'aggregate',
  Sort: 'sort',
  TakeOrderedAndProject: 'sort',
  CartesianProduct: 'join',
  Intersect: 'join',
  Except: 'join',
  Exchange: 'exchange',
  ShuffleExchange: 'exchange',
  BroadcastExchange: 'exchange',
  ReusedExchange: 'exchange',
  ShuffleQueryStage: 'exchange',
  BroadcastQueryStage: 'exchange',
  AQEShuffleRead: 'exchange',
  CustomShuffleReader: 'exchange',
  Repartition: 'exchange',
  RepartitionByExpression: 'exchange',
  RebalancePartitions: 'exchange',
  SubqueryBroadcast: 'exchange',
};

const WRITE = /^(?:Write|Insert|Append|Overwrite|Save|AtomicCreate|AtomicReplace|ReplaceTable|DeleteFrom|UpdateTable|MergeInto|V2TableWrite|CreateTableAsSelect|CreateDataSourceTableAsSelect)/;

export function operatorKind(name: string, label = ''): OperatorKind {
  const exact = EXACT[name];
  if (exact) return exact;
  // "Execute InsertIntoHadoopFsRelationCommand ..." and "CommandResult" carry the command in their text.
  if (name === 'Execute' || name === 'CommandResult') return WRITE.test(label.replace(/^\S+\s+/, '')) ? 'write' : 'other';
  if (WRITE.test(name) || /Write(?:Files|Exec)?$/.test(name)) return 'write';
  if (/Join$/.test(name) || name.includes('Join')) return 'join';
  if (/Aggregate$/.test(name)) return 'aggregate';
  if (/Exchange$/.test(name) || /QueryStage$/.test(name)) return 'exchange';
  if (/Sort$/.test(name)) return 'sort';
  if (name === 'Scan' || /Scan$/.test(name) || /^(?:File|Batch|Row|Columnar)?Scan/.test(name)) return 'scan';
  return 'other';
}

/** A shuffle moves every row across the network; broadcasts and reuses of an earlier shuffle do not count. */
export function isShuffle(name: string): boolean {
  return name === 'Exchange' || name === 'ShuffleExchange';
}
