// DESCRIBE FUNCTION EXTENDED's text, read into what hover and signature help show. Its shape (Spark
// 3.5 and 4.x): rows "Function: f", "Class: ...", "Usage: f(a, b) - what it does" (or "Usage:" and one
// indented "f(...) - ..." paragraph per overload), and "Extended Usage:" with Arguments, Examples and
// Since sections.

export interface FunctionSignature {
  /** "substr(str, pos[, len])" */
  label: string;
  /** The parameters as written between the parentheses, split at top-level commas. */
  parameters: string[];
  /** What this overload does (the text after " - "). */
  summary: string;
}

export interface FunctionDoc {
  name: string;
  signatures: FunctionSignature[];
  /** "Extended Usage" text (arguments, examples, since), dedented; empty when the server gave none. */
  extended: string;
}

export function parseFunctionDoc(name: string, rows: readonly string[]): FunctionDoc {
  const usageRow = rows.find((r) => r.startsWith('Usage:')) ?? '';
  const extendedRow = rows.find((r) => r.startsWith('Extended Usage:')) ?? '';
  const usage = usageRow.slice('Usage:'.length);
  const signatures: FunctionSignature[] = [];
  // Each overload is a paragraph "f(...) - text"; paragraphs are separated by blank lines.
  for (const paragraph of usage.split(/\n\s*\n/)) {
    const text = paragraph.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const dash = text.indexOf(' - ');
    const label = (dash >= 0 ? text.slice(0, dash) : text).trim();
    const summary = dash >= 0 ? text.slice(dash + 3).trim() : '';
    signatures.push({ label, parameters: parametersOf(label), summary });
  }
  return { name, signatures, extended: dedent(extendedRow.slice('Extended Usage:'.length)) };
}

/** "f(a, b[, c])" -> ["a", "b[, c]"] ... split at top-level commas, optional brackets kept with their parameter. */
function parametersOf(label: string): string[] {
  const open = label.indexOf('(');
  const close = label.lastIndexOf(')');
  if (open < 0 || close <= open) return [];
  const inner = label.slice(open + 1, close);
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of inner) {
    if (ch === '(' ) depth++;
    if (ch === ')') depth--;
    if (ch === '[') {
      // "[, len]": an optional parameter starts here; close the previous one.
      if (depth === 0 && current.trim() !== '') {
        out.push(current.trim());
        current = '';
      }
      continue;
    }
    if (ch === ']') continue;
    if (ch === ',' && depth === 0) {
      if (current.trim() !== '') out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out;
}

function dedent(text: string): string {
  const lines = text.replace(/^\n+/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** Markdown for a hover on the function. */
export function functionMarkdown(doc: FunctionDoc): string {
  const parts: string[] = [];
  for (const s of doc.signatures) parts.push('```sql\n' + s.label + '\n```\n' + s.summary);
  if (doc.extended) parts.push('```text\n' + doc.extended + '\n```');
  return parts.join('\n\n');
}
