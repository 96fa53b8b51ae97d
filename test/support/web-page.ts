import assert from 'node:assert/strict';
import http from 'node:http';

/**
 * A GET sent exactly as written: fetch would resolve `..` and `%2e` in the
 * path, adds `Cache-Control: no-cache` to conditional requests (which rightly
 * defeats a 304), and does not let a caller set `Host`, so none of these
 * cases could be tested through it.
 */
export function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, path, method: 'GET', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** The configuration a page was served with: the inert JSON in its `agora-config` element. */
export function injectedConfig(html: string): Record<string, unknown> {
  const match = /<script id="agora-config" type="application\/json">([^<]*)<\/script>/.exec(html);
  assert.ok(match, 'the page carries its configuration element');
  return JSON.parse(match[1]!) as Record<string, unknown>;
}
