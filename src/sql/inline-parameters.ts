// Writing parameter values into a statement's text as Spark SQL literals. Only explain uses this, and
// only on Spark 3.5, whose EXPLAIN statement cannot take SQL arguments: explaining with the values
// written in shows the same plan, and the EXPLAIN statement is what guarantees nothing runs. Running a
// statement never goes through here; its values always travel as arguments.
import { findParameterMarkers, type ParameterMarker } from './parameters';
import type { SqlArguments, SqlValue } from './parameter-values';

/** A Spark SQL literal of exactly the value's type. */
export function sqlLiteral(v: SqlValue): string {
  switch (v.type) {
    case 'null':
      return 'NULL';
    case 'boolean':
      return v.value ? 'TRUE' : 'FALSE';
    case 'int':
      // Spark's grammar takes the minus as part of the number, so -2147483648 is still an INT.
      return String(v.value);
    case 'long':
      return `${v.value}L`;
    case 'double':
      // NaN and the infinities have no literal form.
      return Number.isFinite(v.value) ? `${String(v.value)}D` : `CAST('${String(v.value)}' AS DOUBLE)`;
    case 'decimal':
      return `${v.value}BD`;
    case 'date':
      return `DATE '${v.value}'`;
    case 'string':
      // With Spark's default spark.sql.parser.escapedStringLiterals=false, backslash escapes apply.
      return `'${v.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }
}

export class MissingParameterError extends Error {
  constructor(readonly marker: string) {
    super(`No value for the parameter ${marker}.`);
    this.name = 'MissingParameterError';
  }
}

/** The text with every parameter marker replaced by its value's literal. */
export function inlineParameters(text: string, args: SqlArguments): string {
  const markers = findParameterMarkers(text);
  const replacements: Array<{ marker: ParameterMarker; literal: string }> = [];
  if (args.kind === 'named') {
    for (const m of markers.named) {
      const v = args.values[m.name!];
      if (v === undefined) throw new MissingParameterError(`:${m.name!}`);
      replacements.push({ marker: m, literal: sqlLiteral(v) });
    }
  } else {
    markers.positional.forEach((m, i) => {
      const v = args.values[i];
      if (v === undefined) throw new MissingParameterError(`? number ${i + 1}`);
      replacements.push({ marker: m, literal: sqlLiteral(v) });
    });
  }
  replacements.sort((a, b) => b.marker.start - a.marker.start);
  let out = text;
  for (const { marker, literal } of replacements) out = out.slice(0, marker.start) + literal + out.slice(marker.end);
  return out;
}
