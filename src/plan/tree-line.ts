// The drawing Spark puts before each node (TreeNode.generateTreeString): every ancestor level adds three
// characters, "   " or ":  ", and the node itself adds "+- " (last child) or ":- " (other children).
// Roots have no connector; AQE's sub-plans restart as fresh trees indented by spaces only.

export interface TreeLine {
  /** Number of three-character columns before the body. */
  depth: number;
  /** "+-" or ":-" when the line carries a connector. */
  connector?: '+-' | ':-';
  /** The text after the drawing. */
  body: string;
}

/** Splits a line into its tree drawing and body. Never fails: a line with no drawing has depth 0. */
export function lexTreeLine(text: string): TreeLine {
  let pos = 0;
  let connector: '+-' | ':-' | undefined;
  while (pos + 3 <= text.length) {
    const a = text.charCodeAt(pos);
    const b = text.charCodeAt(pos + 1);
    const c = text.charCodeAt(pos + 2);
    if (c !== 32 /* space */) break;
    if (b === 32 && (a === 32 || a === 58 /* : */)) {
      pos += 3;
      continue;
    }
    if (b === 45 /* - */ && (a === 43 /* + */ || a === 58)) {
      connector = a === 43 ? '+-' : ':-';
      pos += 3;
    }
    break;
  }
  const line: TreeLine = { depth: pos / 3, body: text.slice(pos) };
  if (connector) line.connector = connector;
  return line;
}

/** True for an empty or whitespace-only line; looks at the first character before trimming. */
export function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  if (c !== 32 && c !== 9 && c !== 13) return false;
  return text.trim() === '';
}

const AQE_MARKER = /^== (Final|Current|Initial) Plan ==$/;

/** "Final", "Current" or "Initial" when the body is one of AdaptiveSparkPlan's sub-plan headers. */
export function adaptiveMarker(body: string): 'Final' | 'Current' | 'Initial' | undefined {
  const m = AQE_MARKER.exec(body.trim());
  return m ? (m[1] as 'Final' | 'Current' | 'Initial') : undefined;
}
