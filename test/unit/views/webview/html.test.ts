// The generic webview host's page rendering: placeholders filled and escaped, and a page whose CSP or
// markup is not strict refused, whichever webview template it is.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createNonce, cspMetaContents, cspProblems, parseCsp, renderWebviewHtml, WebviewHtmlError } from '../../../../src/views/webview/html';
import { projectRoot } from '../../../support/servers';

const PARAMS = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'AAAAAAAAAAAAAAAAAAAAAA==',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/media/plan.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/media/plan.css',
};

const GOOD = `<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-{{nonce}}'; style-src {{cspSource}};">
<link rel="stylesheet" href="{{styleUri}}"></head>
<body><div id="app"></div><script nonce="{{nonce}}" src="{{scriptUri}}"></script></body></html>`;

function problems(template: string): string[] {
  try {
    renderWebviewHtml(template, PARAMS);
    return [];
  } catch (e) {
    assert.ok(e instanceof WebviewHtmlError, String(e));
    return e.problems;
  }
}

describe('renderWebviewHtml', () => {
  it('renders the plan template with the strict policy the host promises', () => {
    const html = renderWebviewHtml(readFileSync(join(projectRoot(), 'media', 'plan', 'index.html'), 'utf8'), PARAMS);
    assert.doesNotMatch(html, /\{\{/);
    const [policy] = cspMetaContents(html);
    const d = parseCsp(policy);
    assert.deepEqual(d.get('default-src'), ["'none'"]);
    assert.deepEqual(d.get('script-src'), [`'nonce-${PARAMS.nonce}'`]);
    assert.deepEqual(d.get('style-src'), [PARAMS.cspSource]);
    assert.ok(html.includes(`<script nonce="${PARAMS.nonce}" src="${PARAMS.scriptUri}"></script>`));
    assert.ok(html.includes(`href="${PARAMS.styleUri}"`));
  });

  it('accepts the results grid template too (one host for both webviews)', () => {
    const path = join(projectRoot(), 'media', 'grid', 'index.html');
    const html = renderWebviewHtml(readFileSync(path, 'utf8'), { ...PARAMS, scriptUri: 'x/grid.js', styleUri: 'x/grid.css' });
    assert.equal(cspMetaContents(html).length, 1);
  });

  it('escapes values for the attribute they land in', () => {
    const html = renderWebviewHtml(GOOD, { ...PARAMS, scriptUri: 'https://x/a.js?"><img src=x onerror=alert(1)>' });
    assert.doesNotMatch(html, /<img/);
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
  });

  it('refuses unknown placeholders and a bad nonce', () => {
    assert.deepEqual(problems(GOOD.replace('<div id="app">', '<div id="{{appId}}">')), ['unknown placeholder {{appId}}']);
    assert.throws(() => renderWebviewHtml(GOOD, { ...PARAMS, nonce: 'short' }), WebviewHtmlError);
  });

  it('refuses a page without a CSP, or with two', () => {
    assert.match(problems(GOOD.replace(/<meta http-equiv[^>]*>/, '')).join(), /found 0/);
    const twice = GOOD.replace('<link', `<meta http-equiv="Content-Security-Policy" content="default-src *"><link`);
    assert.match(problems(twice).join(), /found 2/);
  });

  it('refuses loose policies', () => {
    const loose = (policy: string) => problems(GOOD.replace(/content="[^"]*"/, `content="${policy}"`));
    assert.match(loose(`script-src 'nonce-{{nonce}}'; style-src {{cspSource}};`).join(), /default-src must be 'none'/);
    assert.match(loose(`default-src 'none'; script-src 'nonce-{{nonce}}' 'unsafe-eval';`).join(), /only this page's nonce/);
    assert.match(loose(`default-src 'none'; script-src 'unsafe-inline';`).join(), /only this page's nonce/);
    assert.match(loose(`default-src 'none'; script-src 'nonce-{{nonce}}'; style-src 'unsafe-inline';`).join(), /style-src allows 'unsafe-inline'/);
    assert.match(loose(`default-src 'none'; script-src 'nonce-{{nonce}}'; connect-src https:;`).join(), /connect-src allows https:/);
    assert.deepEqual(loose(`default-src 'none'; script-src 'nonce-{{nonce}}'; img-src {{cspSource}} data:;`), []);
  });

  it('refuses scripts without the nonce, inline scripts, handlers and inline styles', () => {
    assert.match(problems(GOOD.replace(' nonce="{{nonce}}" src', ' src')).join(), /lacks the nonce/);
    assert.match(problems(GOOD.replace('</body>', '<script nonce="{{nonce}}">alert(1)</script></body>')).join(), /inline <script>/);
    assert.match(problems(GOOD.replace('<div id="app">', '<div id="app" onclick="x()">')).join(), /event handler/);
    assert.match(problems(GOOD.replace('<div id="app">', '<div id="app" style="color:red">')).join(), /inline styles/);
    assert.match(problems(GOOD.replace('</head>', '<style>p{}</style></head>')).join(), /inline styles/);
  });

  it('wants the CSP before anything loads', () => {
    const late = GOOD.replace(/(<meta http-equiv[^>]*>)\n(<link[^>]*>)/, '$2\n$1');
    assert.match(problems(late).join(), /must come first/);
  });
});

describe('cspProblems and createNonce', () => {
  it('accepts exactly the strict shape', () => {
    assert.deepEqual(cspProblems("default-src 'none'; script-src 'nonce-abc'; style-src https://x", 'abc'), []);
    assert.notDeepEqual(cspProblems("default-src 'none'; script-src 'nonce-abc'", 'other'), []);
  });

  it('makes a fresh 128-bit base64 nonce each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const n = createNonce();
      assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
      seen.add(n);
    }
    assert.equal(seen.size, 200);
  });
});
