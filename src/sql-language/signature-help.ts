// Signature help inside a function call: the innermost unclosed "name(" before the caret, the argument
// the caret is in (top-level commas counted), and the function's signatures from the server's docs.
import { keyword, tokenize } from '../sql/lexer';
import type { CatalogCache } from './catalog-cache';
import type { FunctionSignature } from './function-docs';

export interface SignatureHelpResult {
  functionName: string;
  signatures: FunctionSignature[];
  activeSignature: number;
  activeParameter: number;
}

// Words before "(" that are not function calls.
const NOT_CALLS = new Set(['IN', 'VALUES', 'OVER', 'AS', 'USING', 'EXISTS', 'FROM', 'JOIN', 'ON', 'AND', 'OR', 'NOT', 'WHERE',
  'SELECT', 'BY', 'PARTITION', 'TABLESAMPLE', 'PIVOT', 'UNPIVOT', 'WITH', 'INTO', 'TABLE', 'OPTIONS', 'TBLPROPERTIES', 'COLUMNS']);

/** The call around the caret: function name and the index of the argument the caret is in. */
export function callAt(statement: string, offset: number): { name: string; argument: number } | undefined {
  const tokens = tokenize(statement).filter((t) => t.end <= offset || t.start < offset);
  const commas: number[] = [];
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    const ch = statement[t.start];
    if (ch === ')') depth++;
    else if (ch === ',' && depth === 0) commas.push(i);
    else if (ch === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const prev = tokens[i - 1];
      if (prev?.kind === 'word' && !NOT_CALLS.has(keyword(statement, prev) ?? '')) {
        return { name: statement.slice(prev.start, prev.end), argument: commas.length };
      }
      // A parenthesis that is not a call: keep looking outwards, counting commas afresh.
      commas.length = 0;
    }
  }
  return undefined;
}

export async function signatureHelpAt(statement: string, offset: number, catalog: CatalogCache | undefined): Promise<SignatureHelpResult | undefined> {
  const call = callAt(statement, offset);
  if (!call || !catalog) return undefined;
  const doc = await catalog.describe(call.name);
  if (!doc || doc.signatures.length === 0) return undefined;
  // The first overload with enough parameters for the argument being typed.
  let active = doc.signatures.findIndex((s) => s.parameters.length > call.argument || s.parameters.some((p) => p.includes('...')));
  if (active < 0) active = 0;
  const params = doc.signatures[active].parameters;
  const activeParameter = Math.min(call.argument, Math.max(0, params.length - 1));
  return { functionName: call.name, signatures: doc.signatures, activeSignature: active, activeParameter };
}
