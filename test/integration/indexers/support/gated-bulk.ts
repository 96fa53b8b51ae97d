import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';

/**
 * Holds every `_bulk` request of one Elasticsearch client at the door until
 * the test opens it, so a test can look at Postgres while a relay waits on
 * Elasticsearch. writeBulk sends prepared NDJSON through the transport, so the
 * hook sits there (as in worker-process.ts).
 */
export interface BulkGate {
  /** Resolves when a _bulk request reaches the gate (the next one, if one is there already and released). */
  arrived(): Promise<void>;
  /** Lets the waiting requests, and every later one, through. */
  open(): void;
  /** Fails the waiting requests, and every later one, with `error`, as a cluster that is down would. */
  fail(error: Error): void;
  /** Holds requests again. */
  close(): void;
  /** _bulk requests that reached the gate so far. */
  count(): number;
}

export function gateBulk(es: ElasticsearchClient): BulkGate {
  const transport = es.transport as unknown as { request: (params: { path?: string }, ...rest: unknown[]) => Promise<unknown> };
  const request = transport.request.bind(transport);
  let state: { kind: 'closed' } | { kind: 'open' } | { kind: 'failing'; error: Error } = { kind: 'closed' };
  let waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let arrivals: Array<() => void> = [];
  let count = 0;

  transport.request = async (params, ...rest) => {
    if (params.path?.endsWith('/_bulk')) {
      count += 1;
      for (const notify of arrivals) notify();
      arrivals = [];
      if (state.kind === 'failing') throw state.error;
      if (state.kind === 'closed') await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
    }
    return request(params, ...rest);
  };

  return {
    arrived: () => new Promise<void>((resolve) => arrivals.push(resolve)),
    open() {
      state = { kind: 'open' };
      for (const w of waiting) w.resolve();
      waiting = [];
    },
    fail(error) {
      state = { kind: 'failing', error };
      for (const w of waiting) w.reject(error);
      waiting = [];
    },
    close() {
      state = { kind: 'closed' };
    },
    count: () => count,
  };
}
