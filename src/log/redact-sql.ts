// Secrets that show up in SQL text, which the client's generic redaction (tokens, headers, bearer
// credentials) does not recognise: session configs set with SET and data source options.
//   SET spark.hadoop.fs.s3a.secret.key=abc          -> SET spark.hadoop.fs.s3a.secret.key=***
//   OPTIONS (password 'abc', 'api_key' = "abc")      -> OPTIONS (password '***', 'api_key' = "***")
import { REDACTED, redactSecrets } from '../connect/redact';

const SECRET_WORD = '(?:password|passwd|secret|token|credential|api[_.-]?key|access[_.-]?key|private[_.-]?key)';

// SET <key containing a secret word> = <value up to ; or end of line>
const SET_SECRET = new RegExp(`(\\bSET\\s+[\\w.\\-\`]*${SECRET_WORD}[\\w.\\-\`]*\\s*=\\s*)[^;\\n]*`, 'gi');
// <quoted or bare option name containing a secret word> [=] '<value>' | "<value>"
const OPTION_SECRET = new RegExp(`((?:['"\`]?)[\\w.\\-]*${SECRET_WORD}[\\w.\\-]*['"\`]?\\s*=?\\s*)(['"])(?:\\\\.|\\2\\2|(?!\\2).)*\\2`, 'gi');

export function redactSql(sql: string): string {
  const out = sql
    .replace(SET_SECRET, (_m, keep: string) => `${keep}${REDACTED}`)
    .replace(OPTION_SECRET, (_m, keep: string, quote: string) => `${keep}${quote}${REDACTED}${quote}`);
  return redactSecrets(out);
}
