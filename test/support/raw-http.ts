import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Parsed when the answer is JSON, the text otherwise. */
  body: any;
  text: string;
}

/** Keeps connections open between requests: thousands of fuzz cases would otherwise open thousands of sockets. */
export const keepAliveAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * One request exactly as given: any method (fetch refuses TRACE and friends), the path as raw bytes (already %-encoded, so
 * malformed escapes and encoded NULs reach the server), any headers, and a body of bytes (gzip or garbage alike).
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string; agent?: http.Agent } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
  const headers: Record<string, string | number> = { ...options.headers };
  if (body !== undefined) headers['content-length'] = body.length;
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method, path, headers, agent: options.agent ?? keepAliveAgent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          if ((response.headers['content-type'] ?? '').includes('json')) {
            try {
              parsed = JSON.parse(text);
            } catch {
              // Not JSON after all: keep the text so the assertion shows it.
            }
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed, text });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
