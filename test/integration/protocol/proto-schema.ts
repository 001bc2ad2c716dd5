// Parses .proto texts with protobufjs and flattens them into a plain model (messages, fields,
// enums, services keyed by fully-qualified name) that proto-compare.ts can diff. Field types are
// the resolved fully-qualified names, so `Literal` and `Expression.Literal` compare equal when they
// denote the same message.
import * as protobuf from 'protobufjs';

export type FieldLabel = 'singular' | 'optional' | 'repeated' | 'map';

export interface FieldModel {
  name: string;
  number: number;
  /** Scalar name (`int64`) or fully-qualified message/enum name without the leading dot. */
  type: string;
  kind: 'scalar' | 'enum' | 'message';
  label: FieldLabel;
  /** Only for map fields. */
  keyType?: string;
  /** Name of the real (non-synthetic) oneof this field belongs to. */
  oneof?: string;
}

export interface MessageModel {
  fields: Map<string, FieldModel>;
  /** Top-level declaring file, for top-level messages only. */
  file?: string;
}

export interface EnumModel {
  values: Map<string, number>;
  file?: string;
}

export interface MethodModel {
  requestType: string;
  responseType: string;
  requestStream: boolean;
  responseStream: boolean;
}

export interface ServiceModel {
  methods: Map<string, MethodModel>;
  file?: string;
}

export interface SchemaModel {
  messages: Map<string, MessageModel>;
  enums: Map<string, EnumModel>;
  services: Map<string, ServiceModel>;
}

/** Namespaces whose declarations are compared; google.protobuf is protobufjs's built-in copy. */
export const COMPARED_NAMESPACES = ['spark.connect', 'google.rpc'] as const;

function stripDot(name: string): string {
  return name.startsWith('.') ? name.slice(1) : name;
}

function topLevelNames(root: protobuf.Root): Set<string> {
  const names = new Set<string>();
  for (const ns of COMPARED_NAMESPACES) {
    const found = root.lookup(ns);
    if (found instanceof protobuf.Namespace) for (const n of found.nestedArray) names.add(stripDot(n.fullName));
  }
  return names;
}

/**
 * Parses `files` (entry name -> text) starting from `entryPoints`, following imports. Imports not in
 * `files` fall back to protobufjs's bundled google/protobuf definitions; anything else is an error.
 */
export function loadSchema(files: Map<string, string>, entryPoints: string[]): SchemaModel {
  const root = new protobuf.Root();
  const fileOf = new Map<string, string>();
  const loaded = new Set<string>();
  const load = (name: string): void => {
    if (loaded.has(name)) return;
    loaded.add(name);
    const text = files.get(name);
    if (text === undefined) {
      const builtin = protobuf.common.get(name);
      if (!builtin) throw new Error(`import "${name}" not found`);
      root.addJSON((builtin as { nested: Record<string, protobuf.AnyNestedObject> }).nested);
      return;
    }
    const before = topLevelNames(root);
    const parsed = protobuf.parse(text, root, { keepCase: true });
    for (const n of topLevelNames(root)) if (!before.has(n)) fileOf.set(n, name);
    for (const imp of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) load(imp);
  };
  for (const entry of entryPoints) load(entry);
  root.resolveAll();
  return flatten(root, fileOf);
}

function fieldModel(field: protobuf.Field): FieldModel {
  const resolved = field.resolvedType;
  const type = resolved ? stripDot(resolved.fullName) : field.type;
  const proto3Optional = Boolean(field.options?.['proto3_optional']);
  let label: FieldLabel = 'singular';
  if (field instanceof protobuf.MapField) label = 'map';
  else if (field.repeated) label = 'repeated';
  else if (proto3Optional) label = 'optional';
  const kind = resolved instanceof protobuf.Type ? 'message' : resolved instanceof protobuf.Enum ? 'enum' : 'scalar';
  const model: FieldModel = { name: field.name, number: field.id, type, kind, label };
  if (field instanceof protobuf.MapField) model.keyType = field.keyType;
  if (field.partOf && !proto3Optional) model.oneof = field.partOf.name;
  return model;
}

function flatten(root: protobuf.Root, fileOf: Map<string, string>): SchemaModel {
  const model: SchemaModel = { messages: new Map(), enums: new Map(), services: new Map() };
  const visit = (obj: protobuf.ReflectionObject): void => {
    const name = stripDot(obj.fullName);
    const file = fileOf.get(name);
    if (obj instanceof protobuf.Type) {
      const fields = new Map<string, FieldModel>();
      for (const f of obj.fieldsArray) fields.set(f.name, fieldModel(f));
      model.messages.set(name, file === undefined ? { fields } : { fields, file });
    } else if (obj instanceof protobuf.Enum) {
      const values = new Map(Object.entries(obj.values));
      model.enums.set(name, file === undefined ? { values } : { values, file });
    } else if (obj instanceof protobuf.Service) {
      const methods = new Map<string, MethodModel>();
      for (const m of obj.methodsArray) {
        methods.set(m.name, {
          requestType: stripDot(m.resolvedRequestType?.fullName ?? m.requestType),
          responseType: stripDot(m.resolvedResponseType?.fullName ?? m.responseType),
          requestStream: Boolean(m.requestStream),
          responseStream: Boolean(m.responseStream),
        });
      }
      model.services.set(name, file === undefined ? { methods } : { methods, file });
    }
    if (obj instanceof protobuf.Namespace) for (const n of obj.nestedArray) visit(n);
  };
  for (const ns of COMPARED_NAMESPACES) {
    const found = root.lookup(ns);
    if (found) visit(found);
  }
  return model;
}
