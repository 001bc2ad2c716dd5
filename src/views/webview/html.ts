// Turns a webview's index.html template into the page the panel loads, and refuses a page whose Content
// Security Policy is not strict. Pure (no vscode) so the same code renders the page in the Chromium tests.
//
// The template names its CSP itself, with placeholders:
//   default-src 'none'; script-src 'nonce-{{nonce}}'; style-src {{cspSource}}; ...
// and loads one script (<script nonce="{{nonce}}" src="{{scriptUri}}">) and one stylesheet ({{styleUri}}).
// Data never goes into the HTML: it travels by message after the 'ready' handshake.

import { randomBytes } from 'node:crypto';

export interface WebviewHtmlParams {
  /** webview.cspSource: the origin VS Code serves local resources from. */
  cspSource: string;
  nonce: string;
  /** webview.asWebviewUri of the bundle, as a string. */
  scriptUri: string;
  styleUri: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;
const KNOWN: ReadonlySet<string> = new Set(['cspSource', 'nonce', 'scriptUri', 'styleUri']);

export class WebviewHtmlError extends Error {
  constructor(readonly problems: string[]) {
    super(`webview page rejected: ${problems.join('; ')}`);
    this.name = 'WebviewHtmlError';
  }
}

/** 128 random bits, base64 (a CSP nonce-source allows + / =). A fresh one per page load. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Fills the template and checks the result; throws WebviewHtmlError listing every problem found. */
export function renderWebviewHtml(template: string, params: WebviewHtmlParams): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(params.nonce)) throw new WebviewHtmlError(['nonce is not a base64 value of 16+ chars']);
  const unknown = new Set<string>();
  const html = template.replace(PLACEHOLDER, (_m, name: string) => {
    if (!KNOWN.has(name)) {
      unknown.add(name);
      return '';
    }
    return escapeAttribute(params[name as keyof WebviewHtmlParams]);
  });
  const problems = [...unknown].map((n) => `unknown placeholder {{${n}}}`);
  // Markup is judged on the template (what we wrote), the policy on the page (what the browser gets):
  // escaped values may contain anything without being markup.
  problems.push(...markupProblems(template), ...pageProblems(html, params.nonce));
  if (problems.length > 0) throw new WebviewHtmlError(problems);
  return html;
}

/** The content of the page's CSP meta tags (normally exactly one). */
export function cspMetaContents(html: string): string[] {
  const out: string[] = [];
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']?Content-Security-Policy["']?/i.test(tag)) continue;
    const content = /content\s*=\s*"([^"]*)"/i.exec(tag) ?? /content\s*=\s*'([^']*)'/i.exec(tag);
    out.push(content ? content[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&') : '');
  }
  return out;
}

/** Directive name -> its sources. */
export function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) continue;
    const name = tokens[0].toLowerCase();
    // The first occurrence of a directive wins, as in browsers.
    if (!directives.has(name)) directives.set(name, tokens.slice(1));
  }
  return directives;
}

const UNSAFE = new Set(["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'data:', 'blob:', 'http:', 'https:']);
// Inline images and fonts cannot run code; the grid draws icons from data: URLs.
const DATA_OK = new Set(['img-src', 'font-src']);

/** What is wrong with a policy for our webviews; empty when it is strict. */
export function cspProblems(policy: string, nonce: string): string[] {
  const problems: string[] = [];
  const d = parseCsp(policy);
  const def = d.get('default-src');
  if (!def || def.length !== 1 || def[0] !== "'none'") problems.push("default-src must be 'none'");
  const script = d.get('script-src');
  if (!script) problems.push('script-src is missing');
  else if (script.length !== 1 || script[0] !== `'nonce-${nonce}'`) problems.push("script-src must allow only this page's nonce");
  for (const [name, sources] of d) {
    if (name === 'default-src' || name === 'script-src') continue;
    for (const s of sources) {
      if (UNSAFE.has(s) && !(s === 'data:' && DATA_OK.has(name))) problems.push(`${name} allows ${s}`);
    }
  }
  if (d.has('connect-src') || d.has('frame-src') || d.has('object-src')) {
    for (const name of ['connect-src', 'frame-src', 'object-src']) {
      const s = d.get(name);
      if (s && !(s.length === 1 && s[0] === "'none'")) problems.push(`${name} must stay 'none'`);
    }
  }
  return problems;
}

function pageProblems(html: string, nonce: string): string[] {
  const problems: string[] = [];
  const policies = cspMetaContents(html);
  if (policies.length !== 1) problems.push(`expected one Content-Security-Policy meta tag, found ${policies.length}`);
  else problems.push(...cspProblems(policies[0], nonce));
  const head = /<head\b[^>]*>([\s\S]*?)<\/head>/i.exec(html)?.[1] ?? '';
  const cspAt = head.search(/http-equiv\s*=\s*["']?Content-Security-Policy/i);
  const firstLoad = head.search(/<(?:script|link|style)\b/i);
  if (cspAt < 0 || (firstLoad >= 0 && firstLoad < cspAt)) problems.push('the CSP meta tag must come first in <head>');
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1];
    if (!attrs.includes(` nonce="${nonce}"`)) problems.push('a <script> lacks the nonce');
    if (!/\bsrc="/.test(attrs) || m[2].trim() !== '') problems.push('inline <script> bodies are not allowed');
  }
  return problems;
}

function markupProblems(template: string): string[] {
  const problems: string[] = [];
  const markup = template.replace(/<!--[\s\S]*?-->/g, '');
  if (/<[^>]+\son[a-z]+\s*=/i.test(markup)) problems.push('inline event handler attributes are not allowed');
  if (/<[^>]+\sstyle\s*=/i.test(markup) || /<style\b/i.test(markup)) problems.push('inline styles are not allowed');
  return problems;
}
