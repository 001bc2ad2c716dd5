// Runtime checks shared by the webview protocols: messages from a webview are untrusted input, so every
// field is checked before a message is handed on as its typed shape.
export type Rec = Record<string, unknown>;

export function isRec(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
export const isStr = (x: unknown): x is string => typeof x === 'string';
export const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
export const isInt = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
