// Values printed in a terminal must not drive it. A string from the server may hold ESC sequences
// (CSI "\x1b[2J" clears the screen, OSC "\x1b]0;...\x07" sets the window title, others move the cursor
// or rewrite earlier lines), C1 controls that some terminals read the same way (U+009B is CSI), a bare
// CR that sends the cursor back over the row, or bidi overrides that reorder what is shown. The table
// writer prints every such character as a visible escape instead, so the text is still there to read but
// cannot act: tab, line feed and carriage return as \t \n \r, other C0/C1 controls and DEL as \xHH,
// line/paragraph separators and bidi embedding/override/isolate controls as \uHHHH. Backslashes are
// left alone (Windows paths stay readable); CSV and JSON output carry values unchanged.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function visible(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every character that could act on a terminal replaced by a visible escape. */
export function escapeForTerminal(text: string): string {
  // Most values hold no control character; test first so they are returned without copying.
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, visible) : text;
}
