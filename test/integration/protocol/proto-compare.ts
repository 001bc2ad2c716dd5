// Compares our protocol declarations with a Spark version's. Every message, field, enum value and
// RPC we declare is looked up on Spark's side:
// - 'exact' (the version our protos follow): it must exist and match in every property.
// - 'compatible' (an older server): what exists there must match, a field or enum number must not
//   mean something else there, and what is missing is only listed as newer than that server.
import type { EnumModel, FieldModel, MessageModel, SchemaModel, ServiceModel } from './proto-schema';

export type CompareMode = 'exact' | 'compatible';

export interface CompareCounts {
  messages: number;
  fields: number;
  enums: number;
  enumValues: number;
  methods: number;
}

export interface CompareReport {
  /** Items of ours found on Spark's side and compared. */
  checked: CompareCounts;
  /** Each is one human-readable difference; any entry means the test fails. */
  mismatches: string[];
  /** Items of ours the server's protos lack (only in 'compatible' mode). */
  newer: string[];
}

function describeField(f: FieldModel): string {
  const type = f.label === 'map' ? `map<${f.keyType}, ${f.type}>` : f.type;
  const label = f.label === 'singular' || f.label === 'map' ? '' : `${f.label} `;
  const oneof = f.oneof ? ` (oneof ${f.oneof})` : '';
  return `${label}${type} ${f.name} = ${f.number}${oneof}`;
}

// A message field always tracks presence, so `optional` on it changes nothing on the wire or in
// meaning; older Spark versions declare some such fields without the keyword.
function sameLabel(ours: FieldModel, theirs: FieldModel, mode: CompareMode): boolean {
  if (ours.label === theirs.label) return true;
  const presenceOnly = [ours.label, theirs.label].every((l) => l === 'optional' || l === 'singular');
  return mode === 'compatible' && presenceOnly && ours.kind === 'message' && theirs.kind === 'message';
}

function fieldDifferences(ours: FieldModel, theirs: FieldModel, mode: CompareMode): string[] {
  const out: string[] = [];
  if (ours.number !== theirs.number) out.push(`number ${ours.number} vs ${theirs.number}`);
  if (ours.type !== theirs.type) out.push(`type ${ours.type} vs ${theirs.type}`);
  if (ours.kind !== theirs.kind) out.push(`kind ${ours.kind} vs ${theirs.kind}`);
  if (!sameLabel(ours, theirs, mode)) out.push(`label ${ours.label} vs ${theirs.label}`);
  if (ours.keyType !== theirs.keyType) out.push(`map key ${ours.keyType ?? '-'} vs ${theirs.keyType ?? '-'}`);
  if (ours.oneof !== theirs.oneof) out.push(`oneof ${ours.oneof ?? '-'} vs ${theirs.oneof ?? '-'}`);
  return out;
}

function fileDifference(name: string, ours: { file?: string }, theirs: { file?: string }): string | undefined {
  if (ours.file === theirs.file) return undefined;
  return `${name}: declared in ${ours.file ?? '-'}, Spark declares it in ${theirs.file ?? '-'}`;
}

export function compareSchemas(ours: SchemaModel, theirs: SchemaModel, mode: CompareMode): CompareReport {
  const report: CompareReport = {
    checked: { messages: 0, fields: 0, enums: 0, enumValues: 0, methods: 0 },
    mismatches: [],
    newer: [],
  };
  const missing = (what: string): void => {
    if (mode === 'exact') report.mismatches.push(`${what}: not declared by Spark`);
    else report.newer.push(what);
  };
  // A moved declaration is harmless on the wire, so only the version we mirror must agree on files.
  const checkFile = (name: string, o: { file?: string }, t: { file?: string }): void => {
    const diff = fileDifference(name, o, t);
    if (diff && mode === 'exact') report.mismatches.push(diff);
  };

  for (const [name, message] of ours.messages) {
    const theirsMessage = theirs.messages.get(name);
    if (!theirsMessage) {
      missing(`message ${name}`);
      continue;
    }
    report.checked.messages++;
    checkFile(name, message, theirsMessage);
    compareFields(name, message, theirsMessage, mode, report, missing);
  }
  for (const [name, en] of ours.enums) {
    const theirsEnum = theirs.enums.get(name);
    if (!theirsEnum) {
      missing(`enum ${name}`);
      continue;
    }
    report.checked.enums++;
    checkFile(name, en, theirsEnum);
    compareEnumValues(name, en, theirsEnum, report, missing);
  }
  for (const [name, service] of ours.services) {
    const theirsService = theirs.services.get(name);
    if (!theirsService) {
      missing(`service ${name}`);
      continue;
    }
    checkFile(name, service, theirsService);
    compareMethods(name, service, theirsService, report, missing);
  }
  return report;
}

function compareFields(
  name: string,
  ours: MessageModel,
  theirs: MessageModel,
  mode: CompareMode,
  report: CompareReport,
  missing: (what: string) => void,
): void {
  const theirsByNumber = new Map<number, FieldModel>();
  for (const f of theirs.fields.values()) theirsByNumber.set(f.number, f);
  for (const field of ours.fields.values()) {
    const where = `${name}.${field.name}`;
    const sameNumber = theirsByNumber.get(field.number);
    if (sameNumber && sameNumber.name !== field.name) {
      report.mismatches.push(`${where}: number ${field.number} is "${describeField(sameNumber)}" in Spark`);
      continue;
    }
    const theirsField = theirs.fields.get(field.name);
    if (!theirsField) {
      missing(`field ${where} = ${field.number}`);
      continue;
    }
    report.checked.fields++;
    const diffs = fieldDifferences(field, theirsField, mode);
    if (diffs.length > 0) {
      report.mismatches.push(`${where}: ${diffs.join(', ')} (ours "${describeField(field)}", Spark "${describeField(theirsField)}")`);
    }
  }
}

function compareEnumValues(
  name: string,
  ours: EnumModel,
  theirs: EnumModel,
  report: CompareReport,
  missing: (what: string) => void,
): void {
  const theirsByNumber = new Map<number, string[]>();
  for (const [valueName, number] of theirs.values) {
    theirsByNumber.set(number, [...(theirsByNumber.get(number) ?? []), valueName]);
  }
  for (const [valueName, number] of ours.values) {
    const where = `${name}.${valueName}`;
    const theirsNumber = theirs.values.get(valueName);
    if (theirsNumber === undefined) {
      const other = theirsByNumber.get(number);
      if (other) report.mismatches.push(`${where}: number ${number} is ${other.join('/')} in Spark`);
      else missing(`enum value ${where} = ${number}`);
      continue;
    }
    report.checked.enumValues++;
    if (theirsNumber !== number) report.mismatches.push(`${where}: number ${number} vs ${theirsNumber}`);
  }
}

function compareMethods(
  name: string,
  ours: ServiceModel,
  theirs: ServiceModel,
  report: CompareReport,
  missing: (what: string) => void,
): void {
  for (const [methodName, method] of ours.methods) {
    const where = `${name}.${methodName}`;
    const theirsMethod = theirs.methods.get(methodName);
    if (!theirsMethod) {
      missing(`rpc ${where}`);
      continue;
    }
    report.checked.methods++;
    const diffs: string[] = [];
    if (method.requestType !== theirsMethod.requestType) diffs.push(`request ${method.requestType} vs ${theirsMethod.requestType}`);
    if (method.responseType !== theirsMethod.responseType) diffs.push(`response ${method.responseType} vs ${theirsMethod.responseType}`);
    if (method.requestStream !== theirsMethod.requestStream) diffs.push('request streaming differs');
    if (method.responseStream !== theirsMethod.responseStream) diffs.push('response streaming differs');
    if (diffs.length > 0) report.mismatches.push(`${where}: ${diffs.join(', ')}`);
  }
}

/** Declarations Spark has that we leave out; informational, to show how complete our subset is. */
export function undeclared(ours: SchemaModel, theirs: SchemaModel): string[] {
  const out: string[] = [];
  for (const [name, message] of theirs.messages) {
    const mine = ours.messages.get(name);
    if (!mine) {
      out.push(`message ${name}`);
      continue;
    }
    for (const f of message.fields.values()) if (!mine.fields.has(f.name)) out.push(`field ${name}.${f.name} = ${f.number}`);
  }
  for (const [name, en] of theirs.enums) {
    const mine = ours.enums.get(name);
    if (!mine) out.push(`enum ${name}`);
    else for (const v of en.values.keys()) if (!mine.values.has(v)) out.push(`enum value ${name}.${v}`);
  }
  for (const [name, service] of theirs.services) {
    const mine = ours.services.get(name);
    for (const m of service.methods.keys()) if (!mine?.methods.has(m)) out.push(`rpc ${name}.${m}`);
  }
  return out;
}
