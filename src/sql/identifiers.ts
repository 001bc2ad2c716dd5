// Spark SQL identifiers: quoting names for generated SQL and splitting multi-part names.

const SIMPLE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Words that Spark reserves in ANSI mode (docs/sql-ref-ansi-compliance.md); quoting them keeps the
// generated SQL valid whatever the server's spark.sql.ansi.enabled is.
const RESERVED = new Set([
  'ALL', 'AND', 'ANY', 'AS', 'AUTHORIZATION', 'BOTH', 'CASE', 'CAST', 'CHECK', 'COLLATE', 'COLUMN', 'CONSTRAINT', 'CREATE',
  'CROSS', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'CURRENT_USER', 'DISTINCT', 'ELSE', 'END', 'ESCAPE', 'EXCEPT',
  'FALSE', 'FETCH', 'FILTER', 'FOR', 'FOREIGN', 'FROM', 'FULL', 'GRANT', 'GROUP', 'HAVING', 'IN', 'INNER', 'INTERSECT', 'INTO',
  'IS', 'JOIN', 'LATERAL', 'LEADING', 'LEFT', 'NATURAL', 'NOT', 'NULL', 'OFFSET', 'ON', 'ONLY', 'OR', 'ORDER', 'OUTER',
  'OVERLAPS', 'PRIMARY', 'REFERENCES', 'RIGHT', 'SELECT', 'SESSION_USER', 'SOME', 'TABLE', 'THEN', 'TIME', 'TO', 'TRAILING',
  'UNION', 'UNIQUE', 'UNKNOWN', 'USER', 'USING', 'WHEN', 'WHERE', 'WITH', 'BEGIN', 'BETWEEN', 'DECLARE', 'DO', 'EXISTS',
]);

/** A name as a Spark SQL identifier: backquoted when it is not a plain word or is reserved. */
export function quoteIdentifier(name: string): string {
  if (SIMPLE_IDENTIFIER.test(name) && !RESERVED.has(name.toUpperCase())) return name;
  return `\`${name.replace(/`/g, '``')}\``;
}

export function qualifiedName(parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join('.');
}

/** Splits "a.`b.c`.d" into ["a", "b.c", "d"]; backquoted parts keep their dots, `` is a backtick. */
export function splitQualifiedName(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '`' && text[i + 1] === '`') {
        current += '`';
        i++;
      } else if (ch === '`') {
        quoted = false;
      } else {
        current += ch;
      }
    } else if (ch === '`') {
      quoted = true;
    } else if (ch === '.') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
