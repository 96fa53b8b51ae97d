import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What the operations gauges read at scrape time; the composition root builds it from the
 * indexers and the queue (serving may import neither). Each field null when unknown.
 */
export interface OperationsSnapshot {
  outboxDepth: number;
  oldestPendingAgeSeconds: number;
  /** Commit-to-indexed seconds of the outbox rows processed in the last minute (a refresh interval more until searchable). */
  recentLag: { p50: number; p99: number; count: number } | null;
  lastReindexSeconds: number | null;
  lastTrainingSeconds: number | null;
  /** Bull's job counts by state (waiting, active, delayed, failed, …). */
  queue: Record<string, number> | null;
}

export type OperationsProbe = () => Promise<OperationsSnapshot>;

/** Seconds; request latencies from 1 ms to 10 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Agora's Prometheus metrics, on a registry created by whoever owns the process (the API entry,
 * a test) and passed in: nothing lives in module state, so each test builds its own.
 */
export interface Metrics {
  registry: Registry;
  /** HTTP requests by route template (never the raw path: ids would explode the series), method and status. */
  httpDuration: Histogram<'route' | 'method' | 'status'>;
  elasticsearchDuration: Histogram<'operation' | 'outcome'>;
  postgresDuration: Histogram<'outcome'>;
  resultCache: Counter<'result'>;
}

export function createMetrics(options: { registry?: Registry; probe?: OperationsProbe; prefix?: string } = {}): Metrics {
  const registry = options.registry ?? new Registry();
  const p = options.prefix ?? 'agora_';
  const metrics: Metrics = {
    registry,
    httpDuration: new Histogram({
      name: `${p}http_request_duration_seconds`,
      help: 'HTTP request latency by route template, method and status; its _count is the request rate.',
      labelNames: ['route', 'method', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    elasticsearchDuration: new Histogram({
      name: `${p}elasticsearch_request_duration_seconds`,
      help: 'Elasticsearch request latency by operation (_search, _bulk, …) and outcome.',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    postgresDuration: new Histogram({
      name: `${p}postgres_query_duration_seconds`,
      help: 'Postgres query latency by outcome.',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    resultCache: new Counter({
      name: `${p}search_result_cache_lookups_total`,
      help: 'Search result cache lookups by result (hit, miss); hit ratio = hit / (hit + miss).',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
  if (options.probe) registerOperationsGauges(registry, p, options.probe);
  return metrics;
}

/** Gauges read from one probe per scrape (a single snapshot shared by every gauge of that scrape). */
function registerOperationsGauges(registry: Registry, p: string, probe: OperationsProbe): void {
  let pending: Promise<OperationsSnapshot | null> | null = null;
  // Every gauge's collect runs during one scrape: they share one probe call.
  const snapshot = () => {
    pending ??= probe()
      .catch(() => null)
      .finally(() => setTimeout(() => (pending = null), 0));
    return pending;
  };
  const gauge = (name: string, help: string, read: (s: OperationsSnapshot, g: Gauge<string>) => void, labelNames: string[] = []) =>
    new Gauge({
      name: `${p}${name}`,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        const s = await snapshot();
        if (s !== null) read(s, this);
      },
    });
  gauge('outbox_depth', 'Committed catalog changes not yet written to Elasticsearch.', (s, g) => g.set(s.outboxDepth));
  gauge('outbox_oldest_pending_age_seconds', 'Age of the oldest change still waiting in the outbox.', (s, g) =>
    g.set(s.oldestPendingAgeSeconds),
  );
  gauge(
    'commit_to_indexed_seconds',
    'Commit-to-indexed time of the outbox rows processed in the last minute, by quantile (searchable one refresh interval later).',
    (s, g) => {
      if (s.recentLag === null) return;
      g.set({ quantile: '0.5' }, s.recentLag.p50);
      g.set({ quantile: '0.99' }, s.recentLag.p99);
    },
    ['quantile'],
  );
  // An unlabelled gauge always shows a value: NaN says "none yet", where 0 would claim an instant run.
  gauge('last_reindex_duration_seconds', 'Duration of the last successful full reindex (NaN before the first).', (s, g) =>
    g.set(s.lastReindexSeconds ?? Number.NaN),
  );
  gauge('last_training_duration_seconds', 'Duration of the last successful recommendation training (NaN before the first).', (s, g) =>
    g.set(s.lastTrainingSeconds ?? Number.NaN),
  );
  gauge(
    'queue_jobs',
    'Background jobs in the Bull queue by state.',
    (s, g) => {
      for (const [state, count] of Object.entries(s.queue ?? {})) g.set({ state }, count);
    },
    ['state'],
  );
}

/** The operation of an Elasticsearch request: its last `_`-segment (`_search`, `_bulk`, `_doc`), else the method. */
export function elasticsearchOperation(method: string, path: string): string {
  const segment = path
    .split('?')[0]!
    .split('/')
    .filter((s) => s.startsWith('_'))
    .at(-1);
  return segment ?? method.toLowerCase();
}

/** Times every request of an Elasticsearch client (its diagnostic events) into the histogram. */
export function instrumentElasticsearch(es: ElasticsearchClient, metrics: Metrics): void {
  const started = new Map<unknown, number>();
  es.diagnostic.on('request', (_error, event) => {
    if (event) started.set(event.meta.request.id, performance.now());
  });
  es.diagnostic.on('response', (error, event) => {
    if (!event) return;
    const id = event.meta.request.id;
    const at = started.get(id);
    started.delete(id);
    if (at === undefined) return;
    const params = event.meta.request.params;
    metrics.elasticsearchDuration.observe(
      { operation: elasticsearchOperation(params.method, params.path), outcome: error ? 'error' : 'ok' },
      (performance.now() - at) / 1000,
    );
  });
}

/** Times every Postgres query of a knex instance (its query events) into the histogram. */
export function instrumentDatabase(db: Knex, metrics: Metrics): void {
  const started = new Map<string, number>();
  db.on('query', (query: { __knexQueryUid?: string }) => {
    if (query.__knexQueryUid) started.set(query.__knexQueryUid, performance.now());
  });
  const done = (outcome: string) => (_response: unknown, query: { __knexQueryUid?: string }) => {
    const uid = query?.__knexQueryUid;
    const at = uid === undefined ? undefined : started.get(uid);
    if (uid === undefined || at === undefined) return;
    started.delete(uid);
    metrics.postgresDuration.observe({ outcome }, (performance.now() - at) / 1000);
  };
  db.on('query-response', done('ok'));
  db.on('query-error', (_error: unknown, query: { __knexQueryUid?: string }) => done('error')(undefined, query));
}
