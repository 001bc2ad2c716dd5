// Which parameter values a run needs, and binding the answers to statements. Named values are shared
// by every statement of the run (":day" means the same thing throughout); positional ones belong to
// their statement. A statement that mixes both is refused before anything is sent, as Spark would
// refuse it (INVALID_QUERY_MIXED_QUERY_PARAMETERS).
import { findParameterMarkers, parameterNames } from '../sql/parameters';
import type { SqlArguments, SqlValue } from '../sql/parameter-values';
import type { SqlStatement } from '../sql/split';
import type { PreparedStatement } from './query-runner';

export interface ParameterNeeds {
  /** Distinct names, in order of first appearance in the run. */
  named: string[];
  /** Number of '?' markers per statement index (only statements that have some). */
  positional: Map<number, number>;
  /** Indexes of statements that use both kinds. */
  mixed: number[];
  /** Names used by each statement. */
  namesByStatement: Map<number, string[]>;
}

export function collectParameters(statements: readonly SqlStatement[]): ParameterNeeds {
  const named: string[] = [];
  const positional = new Map<number, number>();
  const mixed: number[] = [];
  const namesByStatement = new Map<number, string[]>();
  statements.forEach((s, i) => {
    const markers = findParameterMarkers(s.text);
    const names = parameterNames(markers);
    if (names.length > 0 && markers.positional.length > 0) mixed.push(i);
    if (names.length > 0) namesByStatement.set(i, names);
    for (const n of names) if (!named.includes(n)) named.push(n);
    if (markers.positional.length > 0) positional.set(i, markers.positional.length);
  });
  return { named, positional, mixed, namesByStatement };
}

export function hasParameters(needs: ParameterNeeds): boolean {
  return needs.named.length > 0 || needs.positional.size > 0;
}

export function bindParameters(
  statements: readonly SqlStatement[], needs: ParameterNeeds,
  namedValues: Readonly<Record<string, SqlValue>>, positionalValues: ReadonlyMap<number, SqlValue[]>,
): PreparedStatement[] {
  return statements.map((statement, i) => {
    const names = needs.namesByStatement.get(i);
    let args: SqlArguments | undefined;
    if (names) {
      const values: Record<string, SqlValue> = {};
      for (const n of names) {
        const v = namedValues[n];
        if (v === undefined) throw new Error(`No value for parameter :${n}.`);
        values[n] = v;
      }
      args = { kind: 'named', values };
    } else if (needs.positional.has(i)) {
      const values = positionalValues.get(i) ?? [];
      if (values.length !== needs.positional.get(i)) {
        throw new Error(`Statement ${i + 1} has ${needs.positional.get(i)} '?' markers but ${values.length} values were given.`);
      }
      args = { kind: 'positional', values: [...values] };
    }
    return args ? { statement, args } : { statement };
  });
}
