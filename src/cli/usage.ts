// Help texts. Kept next to each other so that the promises made here (formats, exit codes) are easy
// to compare with the code that keeps them.
import type { CommandName } from './args';

const CONNECTION = `Connection options:
  -r, --remote URL             Spark Connect URL, e.g. sc://host:15002/;token=...;use_ssl=true
                               (default: the SPARK_REMOTE environment variable)
  --ca-cert FILE               PEM file of CA certificates to trust instead of the system ones
  --client-cert FILE           client certificate (PEM) for mutual TLS; needs --client-key
  --client-key FILE            client private key (PEM) for mutual TLS
  --server-name NAME           name to check the server certificate against
  --allow-token-over-plaintext send the token and credential headers without TLS to a host
                               other than localhost
  --token-file FILE            read the token from FILE (the token alone on one line) instead of
                               writing ;token=... in the URL, where shell history and ps show it.
                               Without it, SPARK_CONNECT_AUTHENTICATE_TOKEN is the token when the
                               URL has none. --token-file and a token in the URL are an error.
  --connect-timeout SECONDS    give up when the server does not answer in time (default 10)
  --stream-transport KIND      what carries results: grpc-js (default; one connection per session) or
                               direct (own HTTP/2 reader: less CPU, a second connection; not via a proxy)
  -v, --verbose                log client activity to stderr (secrets are redacted)`;

const EXIT_CODES = `Exit codes:
  0 success, 1 the server rejected or failed a statement (or --timeout expired),
  2 usage error, 3 connection error (bad URL, unreachable server, TLS, authentication),
  4 internal or protocol error, 130 interrupted by Ctrl+C (the server operation is cancelled first).`;

const MAIN = `Usage: spark-connect <command> [options]

Commands:
  sql       run SQL statements and print their results
  explain   print the plan Spark chooses for a statement
  notebook  run an .ipynb notebook's cells in order and save their outputs
  pyspark   run a PySpark file (no Python needed) and print what its actions show
  version   print this tool's version, and the server's when a server is given
  format    format Spark SQL files in place, or --check them (no server needed)
  check     check SQL files for syntax errors, and with a server for analysis errors (runs nothing)

Run 'spark-connect <command> --help' for the options of a command.

${EXIT_CODES}
`;

const SQL = `Usage: spark-connect sql [options] "<SQL>"
       spark-connect sql [options] --file FILE      (FILE '-' reads standard input)

Runs the statement, or every statement of FILE in order (separated by ';'), and stops at the first
failure. SQL that starts with a comment ("-- note\nSELECT 1") is read as SQL; after '--' every
argument is SQL, whatever it starts with. Rows are printed as they arrive (stdout backpressure slows the reading of the result; nothing
is collected). Statements that return no columns (CREATE, INSERT, SET ...) print nothing; two printed
results are separated by an empty line (table, csv).

Output options:
  --format table|csv|json   default table
      table  aligned columns like Spark's show(), cells not truncated. The first 1000 rows are held
             to choose the widths; later, a column widens when a batch holds wider values, and a
             new border line marks the change. NULL is printed as NULL; tabs and line breaks
             inside values as \\t, \\n, \\r, and other control characters (terminal escape
             sequences) as \\xHH, so a value cannot act on the terminal.
      csv    RFC 4180: a header row, comma separated, CRLF line ends, fields quoted when they hold
             a comma, quote, CR or LF. NULL is an empty field; an empty string is "".
      json   JSON lines: one object per row, keys in column order. Integers (also 64-bit) and
             decimals are written as JSON numbers with every digit exact (no float rounding); read
             them with a parser that keeps big numbers if you need all digits. NaN and infinities
             are strings ("NaN", "Infinity", "-Infinity"). Timestamps are ISO-8601 strings in the
             session time zone (spark.sql.session.timeZone), dates YYYY-MM-DD, binary is base64,
             maps are objects keyed by the key's text, NULL is null.
  --truncate N              table: cut cells to N characters, like show(truncate=N)
  --no-header               csv: leave out the header row
  --conf KEY=VALUE          set a session configuration first (repeatable)
  --timeout SECONDS         interrupt a statement that runs longer than this
  -f, --file FILE           read the statements from FILE

${CONNECTION}

${EXIT_CODES}
`;

const EXPLAIN = `Usage: spark-connect explain [--mode MODE] [--tree text|json] [options] "<SQL>"

Prints the plan of one statement without running it.

  --mode simple|extended|codegen|cost|formatted   default simple (Spark's explain modes)
  --tree text|json          default text: the plan as Spark prints it. json: the tree parsed from
                            that text, one JSON document ({"format": "spark-plan-tree", "version": 1,
                            "mode", "raw", "sections": [{"kind", "title", "root": {"name", "args",
                            "output", "codegenStage", "operatorId", "details", "stats", "children",
                            ...}}]}); the raw text is kept in "raw" and on every node ("rawLines")
  --conf KEY=VALUE          set a session configuration first (repeatable)
  --timeout SECONDS         give up when planning takes longer than this

${CONNECTION}

${EXIT_CODES}
`;

const NOTEBOOK = `Usage: spark-connect notebook run [options] NOTEBOOK.ipynb [-o OUT.ipynb]

Runs every code cell of the notebook in order on one session, through the same kernel as the editor's
"Spark Connect" notebook kernel: SQL cells (and Python cells starting with %%sql) run their
statements; shell lines (!cmd) and IPython magics are skipped with a note in the cell's output.
Writes the executed notebook (outputs saved the way VS Code saves them) to OUT.ipynb, or back into
NOTEBOOK.ipynb without -o, and prints one line per cell. The first failing cell stops the run: the
cells after it are not run and their old outputs are cleared; the exit code is then 1.

  -o, --output FILE         where the executed notebook goes ('-': standard output; the per-cell
                            lines then go to stderr)
  --format text|json        the per-cell summary: text lines (default) or one JSON object per cell
  --max-output-kb N         the most one result adds to the notebook, in KB (default 256)
  --conf KEY=VALUE          set a session configuration first (repeatable)

${CONNECTION}

${EXIT_CODES}
`;

const PYSPARK = `Usage: spark-connect pyspark [options] FILE.py      (FILE '-' reads standard input)

Runs PySpark DataFrame code with this tool's own evaluator: no Python is needed. The whole file is
evaluated to plans first (a construct that cannot run, such as a Python UDF, stops it before anything
is sent, with its line and column), then its actions run in order. df.show(n) prints n rows, a bare
DataFrame expression or display(df) all of them, in --format; count(), collect(), first(), print()
and printSchema() print their text; df.explain() prints the plan; a write reports what it wrote on
stderr. The session is 'spark' (SparkSession.builder...getOrCreate() binds it too).

Output options:
  --format table|csv|json   default table (see 'spark-connect sql --help')
  --truncate N              table: cut cells to N characters
  --no-header               csv: leave out the header row
  --conf KEY=VALUE          set a session configuration first (repeatable)
  --timeout SECONDS         interrupt the run when it takes longer than this

${CONNECTION}

${EXIT_CODES}
  For pyspark, 1 also means the file has code that cannot run (line and column on stderr).
`;

const VERSION = `Usage: spark-connect version [--remote URL]

Prints the version of this tool and, when a server is given (--remote or SPARK_REMOTE), the Spark
version of the server.

${CONNECTION}
`;

export function helpText(command?: CommandName): string {
  switch (command) {
    case 'sql':
      return SQL;
    case 'explain':
      return EXPLAIN;
    case 'notebook':
      return NOTEBOOK;
    case 'version':
      return VERSION;
    case 'pyspark':
      return PYSPARK;
    default:
      return MAIN;
  }
}
