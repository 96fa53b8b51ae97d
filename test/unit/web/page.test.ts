import assert from 'node:assert/strict';
import { renderPage, useBuiltAssets } from '../../../src/web/page';

describe('web pages', () => {
  const template = [
    '<link rel="stylesheet" href="/assets/styles.css">',
    '<script id="agora-config" type="application/json">{}</script>',
    '<script type="module" src="/assets/app.js"></script>',
    '<link rel="icon" href="/assets/favicon.svg">',
  ].join('\n');

  it('points the scripts and stylesheets the manifest lists at their built files, and nothing else', () => {
    const html = useBuiltAssets(template, {
      '/assets/app.js': '/build/app-ABCD1234.js',
      '/assets/styles.css': '/build/styles-EFGH5678.css',
    });
    assert.match(html, /<script type="module" src="\/build\/app-ABCD1234\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="\/build\/styles-EFGH5678\.css">/);
    assert.match(html, /href="\/assets\/favicon\.svg"/, 'what was not built stays');
  });

  it('leaves the page as written without a build', () => {
    assert.equal(useBuiltAssets(template, null), template);
  });

  it('writes the configuration as inert JSON that cannot close its element', () => {
    const html = renderPage(template, { publicKey: '</script><script>alert(1)</script>', customers: [] });
    assert.ok(html.includes('{"publicKey":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>","customers":[]}'), html);
  });
});
