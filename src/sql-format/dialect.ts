// sql-formatter's `spark` dialect, adapted to Spark 4 so that formatting never changes meaning.
// Measured on sql-formatter 15.9.0, the stock dialect splits `|>` into `| >` and `=>` into `= >`, reads
// 'it''s' as two strings, ends a comment at the first */ of a nested /* /* */ */, and throws on `:p` and
// `?`. The changes, each for one of those:
//  - Spark 4's operators `|>` (pipe), `=>` (named argument), `::` (cast), `:` (variant path) and the
//    shifts are operators, read whole;
//  - strings allow both backslash escapes and doubled quotes; dollar-quoted bodies ($$...$$) are strings;
//  - block comments nest, as in Spark;
//  - `:name` and `?` are parameter markers;
//  - "IS [NOT] DISTINCT FROM" is one phrase (its FROM is no clause);
//  - TRANSFORM is no clause keyword (transform(arr, x -> ...) is a function far more often than Hive's
//    SELECT TRANSFORM);
//  - keywords that are not Spark keywords (coalesce, greatest, size...) are left to the function list,
//    so keywordCase never changes the case of a name;
//  - a name or keyword written right before "(" that Spark knows as a function (filter(...), if(...),
//    my_udf(...)) is formatted as a call: no space before its "(".
// Whatever still goes wrong is caught by the token check (token-check.ts), never written.
import { type DialectOptions, spark } from 'sql-formatter';
import { SPARK_FUNCTIONS } from './spark-functions';
import { SPARK_KEYWORDS } from './spark-keywords';

type TokenizerOptions = DialectOptions['tokenizerOptions'];
type PostProcess = NonNullable<TokenizerOptions['postProcess']>;
type FormatterToken = Parameters<PostProcess>[0][number];

const base = spark.tokenizerOptions;
const FUNCTION_NAMES = new Set(SPARK_FUNCTIONS.map((f) => f.toUpperCase()));
const notTransform = (c: string): boolean => c !== 'TRANSFORM';

// sql-formatter's token types are a string enum it does not export; these are its values.
const FUNCTION_NAME = 'RESERVED_FUNCTION_NAME' as FormatterToken['type'];
const CALLABLE = new Set(['IDENTIFIER', 'RESERVED_KEYWORD', 'RESERVED_FUNCTION_NAME', 'RESERVED_DATA_TYPE', 'RESERVED_CLAUSE']);
// Spark lists its operators as functions too (SHOW FUNCTIONS has `in`, `and`, `like`); written before
// "(" they are still operators: `x IN(1, 2)`, `NOT(a)`.
const OPERATOR_WORDS = new Set(['IN', 'AND', 'OR', 'NOT', 'LIKE', 'ILIKE', 'RLIKE', 'REGEXP', 'BETWEEN', 'EXISTS', 'ANY', 'SOME', 'ALL',
  'CASE', 'WHEN', 'THEN', 'ELSE', 'AS', 'ON', 'USING', 'VALUES', 'OVER', 'DIV', 'IS']);

/** Turns a word glued to "(" into a function call when it is a name, or a keyword Spark has a function for. */
const postProcess: PostProcess = (tokens) => {
  const out = base.postProcess ? base.postProcess(tokens) : tokens;
  return out.map((token, i) => {
    const next = out[i + 1];
    if (next === undefined || next.text !== '(' || next.precedingWhitespace) return token;
    if (!CALLABLE.has(token.type) || token.type === FUNCTION_NAME) return token;
    const upper = token.raw.toUpperCase();
    if (token.type !== 'IDENTIFIER' && ((!FUNCTION_NAMES.has(upper) && upper !== 'IDENTIFIER') || OPERATOR_WORDS.has(upper))) return token;
    return { ...token, type: FUNCTION_NAME, text: token.raw };
  });
};

export const sparkFormatDialect: DialectOptions = {
  name: 'spark4',
  tokenizerOptions: {
    ...base,
    reservedClauses: base.reservedClauses.filter(notTransform),
    reservedKeywordPhrases: [...(base.reservedKeywordPhrases ?? []), 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM'],
    reservedKeywords: base.reservedKeywords.filter((k) => SPARK_KEYWORDS.has(k.toUpperCase())),
    reservedFunctionNames: [...new Set([...base.reservedFunctionNames, ...SPARK_FUNCTIONS.map((f) => f.toUpperCase()).filter((f) => !SPARK_KEYWORDS.has(f))])],
    stringTypes: [
      "''-qq-bs",
      '""-qq-bs',
      { quote: "''-raw", prefixes: ['R', 'X'], requirePrefix: true },
      { quote: '""-raw', prefixes: ['R', 'X'], requirePrefix: true },
      '$$',
    ],
    nestedBlockComments: true,
    operators: [...(base.operators ?? []), '|>', '=>', '::', ':', '<<', '>>', '>>>'],
    paramTypes: { named: [':'], positional: true },
    postProcess,
  },
  formatOptions: {
    ...spark.formatOptions,
    onelineClauses: spark.formatOptions.onelineClauses.filter(notTransform),
    tabularOnelineClauses: (spark.formatOptions.tabularOnelineClauses ?? []).filter(notTransform),
  },
};
