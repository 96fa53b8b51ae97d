/**
 * The least a Node HTTP service in front of Elasticsearch does, for api-overhead.ts to set beside the API: take an HTTP
 * request, send the Elasticsearch requests the API sent for it (the same client, as configured), answer with the last
 * one's JSON. No keys, limits, analysis, rules, shaping, cache or log: what remains is Node's HTTP on both sides and JSON.
 * The parent sends the recorded requests over IPC; `GET /?i=N` replays those of request N.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/core/config';
import { createElasticsearch } from '../../src/core/clients';
import type { RecordedRequest } from './api-process-child';

const es = createElasticsearch(loadConfig(process.env));
let recorded: RecordedRequest[][] = [];
process.on('message', (message: { recorded: RecordedRequest[][] }) => {
  recorded = message.recorded;
  process.send?.({ loaded: recorded.length });
});

const server = http.createServer((request, response) => {
  if (request.url === '/__bench/cpu') {
    response.end(JSON.stringify(process.cpuUsage()));
    return;
  }
  void (async () => {
    const i = Number(new URL(request.url ?? '/', 'http://proxy').searchParams.get('i'));
    let body: unknown = null;
    for (const sent of recorded[i] ?? []) body = await es.transport.request(sent as Parameters<typeof es.transport.request>[0]);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(body));
  })().catch((error: unknown) => {
    response.statusCode = 500;
    response.end(JSON.stringify({ error: String(error) }));
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
process.on('disconnect', () => {
  server.close();
  void es.close();
});
