// The few choices the formatter leaves to the user: keyword case, indentation (the editor's own tab
// settings) and the blank lines between statements.
export type KeywordCase = 'preserve' | 'upper' | 'lower';

export interface SqlFormatOptions {
  keywordCase: KeywordCase;
  /** Spaces per indentation level (ignored with useTabs). */
  tabWidth: number;
  useTabs: boolean;
  /** Empty lines between two statements. */
  linesBetweenStatements: number;
}

export const DEFAULT_FORMAT_OPTIONS: SqlFormatOptions = {
  keywordCase: 'preserve',
  tabWidth: 2,
  useTabs: false,
  linesBetweenStatements: 1,
};

export const KEYWORD_CASES: readonly KeywordCase[] = ['preserve', 'upper', 'lower'];
