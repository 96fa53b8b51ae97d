import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * An https front with authentication before the shared Elasticsearch, which has no security on: what a cluster
 * with security on looks like at the HTTP level. Its certificate is signed by a throwaway CA made with the
 * `openssl` CLI (in a temp folder, removed by `close()`); a request without one of the two credentials it
 * accepts (an API key, or a user and password) is refused with Elasticsearch's 401 (`security_exception` body,
 * `WWW-Authenticate` headers); any other is sent on to Elasticsearch without its Authorization, and
 * Elasticsearch's answer streamed back as it came. Every request is recorded, so a test can check that the
 * client sent the credential it should and that its work went through.
 */
export interface SecuredElasticsearch {
  /** `https://127.0.0.1:<port>` */
  url: string;
  /** The PEM file of the CA that signed the front's certificate (ELASTICSEARCH_CA_CERT). */
  caCertPath: string;
  /** The API key it accepts (ELASTICSEARCH_API_KEY): base64 of `id:key`, as Elasticsearch hands them out. */
  apiKey: string;
  /** The user and password it accepts (ELASTICSEARCH_USERNAME and _PASSWORD). */
  username: string;
  password: string;
  /** Every request that reached the front (a client that refused the certificate sends none), in order. */
  requests: SeenRequest[];
  close(): Promise<void>;
}

export interface SeenRequest {
  method: string;
  /** Path and query string. */
  url: string;
  /** The Authorization header as received; undefined when none was sent. */
  authorization: string | undefined;
  /** Whether it was sent on to Elasticsearch (true) or refused with a 401 (false). */
  forwarded: boolean;
}

/** Headers of one connection only (RFC 9110 §7.6.1): never passed on by a proxy. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** What Elasticsearch with security on answers in `WWW-Authenticate` (both realms a client may use). */
const challenges = ['Basic realm="security" charset="UTF-8"', 'ApiKey'];

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA and a server certificate for 127.0.0.1 and localhost signed by it, in `dir`. */
function makeCertificates(dir: string): { ca: string; key: Buffer; cert: Buffer } {
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=Agora test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
  );
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'node.key', '-out', 'node.csr');
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'node.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'san.ext',
    '-out',
    'node.crt',
  );
  return { ca: path.join(dir, 'ca.crt'), key: readFileSync(path.join(dir, 'node.key')), cert: readFileSync(path.join(dir, 'node.crt')) };
}

/** Elasticsearch's answer to a request it cannot authenticate. */
function refuse(response: http.ServerResponse, url: string, authorization: string | undefined): void {
  const reason =
    authorization === undefined
      ? `missing authentication credentials for REST request [${url}]`
      : 'unable to authenticate with provided credentials';
  const cause = { type: 'security_exception', reason, header: { 'WWW-Authenticate': challenges } };
  response.writeHead(401, {
    'content-type': 'application/json',
    'www-authenticate': challenges,
    'x-elastic-product': 'Elasticsearch',
  });
  response.end(JSON.stringify({ error: { root_cause: [cause], ...cause }, status: 401 }));
}

/** A front on a free loopback port before the Elasticsearch at `upstreamUrl` (plain http). */
export async function startSecuredElasticsearch(upstreamUrl: string): Promise<SecuredElasticsearch> {
  const upstream = new URL(upstreamUrl);
  if (upstream.protocol !== 'http:') throw new Error(`the secured front expects a plain http Elasticsearch, got ${upstreamUrl}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'agora-secured-es-'));
  let certificates: ReturnType<typeof makeCertificates>;
  try {
    certificates = makeCertificates(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const apiKey = Buffer.from(`${randomBytes(6).toString('hex')}:${randomBytes(16).toString('hex')}`).toString('base64');
  const username = 'agora';
  const password = randomBytes(12).toString('hex');
  const accepted = new Set([`ApiKey ${apiKey}`, `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`]);
  const requests: SeenRequest[] = [];
  const agent = new http.Agent({ keepAlive: true });

  const server = https.createServer({ key: certificates.key, cert: certificates.cert }, (request, response) => {
    const url = request.url ?? '/';
    const authorization = request.headers.authorization;
    const forwarded = authorization !== undefined && accepted.has(authorization);
    requests.push({ method: request.method ?? 'GET', url, authorization, forwarded });
    if (!forwarded) {
      // Read (and drop) the body, so the client is not cut off while it still sends it.
      request.resume();
      request.on('end', () => refuse(response, url, authorization));
      return;
    }
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(request.headers))
      if (!hopByHop.has(name) && name !== 'authorization' && name !== 'host') headers[name] = value;
    const outgoing = http.request(
      { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: request.method, path: url, headers, agent },
      (answer) => {
        const answerHeaders: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) if (!hopByHop.has(name)) answerHeaders[name] = value;
        response.writeHead(answer.statusCode ?? 502, answerHeaders);
        answer.pipe(response);
      },
    );
    outgoing.on('error', (error) => {
      if (response.headersSent) response.destroy(error);
      else {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { type: 'secured_front_exception', reason: String(error) }, status: 502 }));
      }
    });
    request.pipe(outgoing);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caCertPath: certificates.ca,
    apiKey,
    username,
    password,
    requests,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
