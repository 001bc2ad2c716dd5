// Spark's plan text does not print types next to attributes. What we know: the analyzed plan's schema
// line (name: type for the query's output, in order), a result schema from the host, and the "L" suffix
// Spark puts on LongType attributes (id#12L). Attributes keep their #exprId across the sections of one
// explain output, so the analyzed schema types every section's occurrences of the same ids.

import type { Attribute, PlanDocument, PlanNode, SchemaField } from '../../src/plan/model';

export class ColumnTypes {
  private readonly byExprId = new Map<number, string>();
  private readonly rootIds = new Set<number>();
  private readonly rootSchema: SchemaField[] | undefined;

  constructor(doc: PlanDocument, schema?: SchemaField[]) {
    const analyzed = doc.sections.find((s) => s.kind === 'analyzed');
    const fields = analyzed?.schema ?? schema;
    this.rootSchema = fields;
    const out = analyzed?.root?.output;
    if (analyzed?.schema && out && out.length === analyzed.schema.length) {
      out.forEach((a, i) => { if (a.exprId !== undefined) this.byExprId.set(a.exprId, analyzed.schema![i].type); });
    }
    for (const s of doc.sections) if (s.root) this.rootIds.add(s.root.id);
  }

  typeOf(node: PlanNode, attr: Attribute, index: number): string | undefined {
    if (attr.exprId !== undefined) {
      const t = this.byExprId.get(attr.exprId);
      if (t) return t;
    }
    // A section's root produces the query's output, column for column.
    const out = node.output;
    if (this.rootIds.has(node.id) && this.rootSchema && out && out.length === this.rootSchema.length) {
      const f = this.rootSchema[index];
      if (f && f.name === attr.name) return f.type;
    }
    if (attr.typeSuffix === 'L') return 'bigint';
    return undefined;
  }
}
