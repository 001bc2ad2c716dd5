// Whether a statement run from the editor may have changed the catalog (so completion's cache of
// tables and columns must be dropped): its first word is one of DDL's.
const DDL_FIRST_WORDS = new Set(['CREATE', 'DROP', 'ALTER', 'REPLACE', 'RENAME', 'TRUNCATE', 'MSCK', 'REPAIR', 'USE', 'SET', 'DECLARE', 'REFRESH']);

export function mayChangeCatalog(sql: string): boolean {
  const first = /^\s*(?:(?:--[^\n]*\n)|(?:\/\*[\s\S]*?\*\/)|\s)*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase();
  return first !== undefined && DDL_FIRST_WORDS.has(first);
}
