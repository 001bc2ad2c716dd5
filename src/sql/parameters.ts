// Parameter markers in Spark SQL: named ":name" and positional "?". Values travel to the server as
// SQL arguments of the statement (Spark binds them as literals); they are never spliced into text.
//
// What counts as a marker, outside strings, quoted identifiers and comments:
//  - "?" anywhere (Spark's QUESTION token; a "?" inside a scheme://path identifier is part of it);
//  - ":" immediately followed by a name that starts with a letter or '_' (or by a `quoted` name),
//    and not immediately preceded by a name, a closing bracket or a quote. That keeps out "::" casts,
//    "STRUCT<a:INT>" field types, "label: BEGIN" and "col:path" extraction. Spark also accepts
//    ": name" with a space, which is ambiguous with those forms in plain text, so we do not.
import { Token, tokenize } from './lexer';

export interface ParameterMarker {
  /** The name without ':', for named markers. */
  name?: string;
  /** Offset of the marker in the text (the ':' or the '?'). */
  start: number;
  end: number;
}

export interface ParameterMarkers {
  named: ParameterMarker[];
  positional: ParameterMarker[];
}

const NAME_START = /[\p{L}_]/u;
const BLOCKS_NAMED = /[\p{L}\p{N}_)\]>`'"]/u;

export function findParameterMarkers(text: string): ParameterMarkers {
  const tokens = tokenize(text);
  const named: ParameterMarker[] = [];
  const positional: ParameterMarker[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'question') {
      positional.push({ start: t.start, end: t.end });
    } else if (t.kind === 'colon') {
      const marker = namedMarker(text, t, tokens[i + 1]);
      if (marker) {
        named.push(marker);
        i++;
      }
    }
  }
  return { named, positional };
}

function namedMarker(text: string, colon: Token, next: Token | undefined): ParameterMarker | undefined {
  if (next === undefined || next.start !== colon.end) return undefined;
  if (colon.start > 0 && BLOCKS_NAMED.test(text[colon.start - 1])) return undefined;
  if (next.kind === 'word' && NAME_START.test(text[next.start])) {
    return { name: text.slice(next.start, next.end), start: colon.start, end: next.end };
  }
  if (next.kind === 'quoted-identifier' && !next.unterminated) {
    const name = text.slice(next.start + 1, next.end - 1).replace(/``/g, '`');
    return { name, start: colon.start, end: next.end };
  }
  return undefined;
}

/** Distinct names in order of first appearance. */
export function parameterNames(markers: ParameterMarkers): string[] {
  return [...new Set(markers.named.map((m) => m.name!))];
}
