// Small DOM helpers. Everything the grid shows from a result goes through textContent: no innerHTML, no
// inline handlers, nothing a cell value could turn into markup or script.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, attrs?: Record<string, string>):
  HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (attrs) for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

export function text<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, content: string):
  HTMLElementTagNameMap[K] {
  const e = el(tag, cls);
  e.textContent = content;
  return e;
}

export function button(label: string, cls: string, onClick: () => void, title?: string): HTMLButtonElement {
  const b = el('button', cls, { type: 'button' });
  b.textContent = label;
  if (title) b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

const MAX_CELL_CHARS = 1000;

/**
 * A cell shows one line: line breaks and tabs become visible marks, very long values are cut (the detail
 * view and every copy format use the full value).
 */
export function oneLine(s: string): string {
  const cut = s.length > MAX_CELL_CHARS ? s.slice(0, MAX_CELL_CHARS) + '…' : s;
  return /[\n\r\t]/.test(cut) ? cut.replace(/\r\n|\r|\n/g, '↵').replace(/\t/g, '→') : cut;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 row", "2 rows", "1,000 rows": a count with its noun in the right number. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : plural}`;
}

export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m} min ${s} s`;
}
