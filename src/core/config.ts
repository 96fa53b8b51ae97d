import { z } from 'zod';

/** A whole number of points, seconds or milliseconds. */
const budget = z.coerce.number().int().min(0);

/**
 * The one place that reads the environment. Every setting has a default that
 * works with `scripts/services.sh up` on a laptop. The table below is the
 * documented list of environment variables (README mirrors it).
 */
const settings = {
  env: { name: 'NODE_ENV', schema: z.enum(['development', 'test', 'production']).default('development') },
  logLevel: { name: 'LOG_LEVEL', schema: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') },
  /** `pretty` for people at a terminal (npm start sets it when attached to one), `json` for machines. @default 'json' */
  logFormat: { name: 'LOG_FORMAT', schema: z.enum(['json', 'pretty']).default('json') },
  apiHost: { name: 'API_HOST', schema: z.string().min(1).default('127.0.0.1') },
  apiPort: { name: 'API_PORT', schema: z.coerce.number().int().min(0).max(65535).default(3000) },
  /** Largest accepted request body. @default '1mb' */
  bodyLimit: {
    name: 'API_BODY_LIMIT',
    schema: z
      .string()
      .regex(/^\d+(kb|mb)$/)
      .default('1mb'),
  },
  /**
   * Reverse proxies in front of the API that each append the address they saw to X-Forwarded-For.
   * 0 trusts no header: the client address (rate limits, the console's loopback check) is the
   * socket's. n > 0 takes the n-th address from the right, so addresses a client writes itself are
   * never believed. @default 0
   */
  trustProxyHops: { name: 'TRUST_PROXY_HOPS', schema: z.coerce.number().int().min(0).max(10).default(0) },
  /** Time given to in-flight requests and jobs on SIGTERM. @default 10000 */
  shutdownTimeoutMs: { name: 'SHUTDOWN_TIMEOUT_MS', schema: z.coerce.number().int().positive().default(10_000) },
  /**
   * One URL or a comma-separated list of a cluster's nodes: the client spreads requests over them and
   * fails over when one is down (src/core/clients.ts). @default 'http://127.0.0.1:9250'
   */
  elasticsearchUrl: {
    name: 'ELASTICSEARCH_URL',
    schema: z
      .string()
      .refine(
        (value) => nodeUrlList(value).length > 0 && nodeUrlList(value).every(isHttpUrl),
        'expected an http(s) URL or a comma-separated list of them',
      )
      .default('http://127.0.0.1:9250'),
  },
  /** Per-request timeout towards Elasticsearch; past it the API answers 503. @default 3000 */
  elasticsearchTimeoutMs: { name: 'ELASTICSEARCH_TIMEOUT_MS', schema: z.coerce.number().int().positive().default(3000) },
  /** Prefix of every index and alias Agora owns, so several installs (and test runs) share a cluster. @default 'agora' */
  indexPrefix: {
    name: 'INDEX_PREFIX',
    schema: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/)
      .default('agora'),
  },
  /**
   * Where a full reindex keeps its _bulk bodies for the next one to send again
   * when nothing changed (relative to the working directory); 'off': read
   * every document from Postgres. @default '.agora/reindex'
   */
  reindexSnapshotDir: { name: 'REINDEX_SNAPSHOT_DIR', schema: z.string().min(1).default('.agora/reindex') },
  databaseUrl: { name: 'DATABASE_URL', schema: z.string().min(1).default('postgres://agora@127.0.0.1:54329/agora') },
  databasePoolMax: { name: 'DATABASE_POOL_MAX', schema: z.coerce.number().int().positive().default(10) },
  redisUrl: { name: 'REDIS_URL', schema: z.string().min(1).default('redis://127.0.0.1:63799') },
  /** Prefix of Bull queue keys in Redis. @default 'agora' */
  queuePrefix: { name: 'QUEUE_PREFIX', schema: z.string().min(1).default('agora') },
  /** Distinct sessions or customers whose searches of a query found products before it is offered as a suggestion. @default 3 */
  suggestMinSearchers: { name: 'SUGGEST_MIN_SEARCHERS', schema: z.coerce.number().int().min(1).max(1000).default(3) },
  /** Days a search counts towards a suggestion's searchers; older ones expire. @default 30 */
  suggestWindowDays: { name: 'SUGGEST_WINDOW_DAYS', schema: z.coerce.number().int().min(1).max(365).default(30) },
  /** Turns every rate limit off (e.g. a benchmark from one address); never in production. @default false */
  rateLimitDisabled: { name: 'RATE_LIMIT_DISABLED', schema: z.stringbool().default(false) },
  /** Length of a rate-limit window; every budget below is in points per window. @default 60 */
  rateLimitWindowSeconds: { name: 'RATE_LIMIT_WINDOW_SECONDS', schema: budget.min(1).max(86_400).default(60) },
  /**
   * Points per window for one public key (a customer key: per customer). Every browser holds the public key, so a budget here is
   * the whole storefront's, which any hundred addresses could spend for everyone: off by default, shoppers are limited per address.
   * 0: no limit. @default 0
   */
  rateLimitPublicPerKey: { name: 'RATE_LIMIT_PUBLIC_PER_KEY', schema: budget.default(0) },
  /** Points per window for one client address using public keys. 0: no limit. @default 600 */
  rateLimitPublicPerAddress: { name: 'RATE_LIMIT_PUBLIC_PER_ADDRESS', schema: budget.default(600) },
  /** Points per window for one merchandiser key. 0: no limit. @default 3000 */
  rateLimitMerchandiserPerKey: { name: 'RATE_LIMIT_MERCHANDISER_PER_KEY', schema: budget.default(3000) },
  /** Points per window for one client address using merchandiser keys. 0: no limit. @default 3000 */
  rateLimitMerchandiserPerAddress: { name: 'RATE_LIMIT_MERCHANDISER_PER_ADDRESS', schema: budget.default(3000) },
  /** Points per window for one admin key. 0: no limit. @default 12000 */
  rateLimitAdminPerKey: { name: 'RATE_LIMIT_ADMIN_PER_KEY', schema: budget.default(12_000) },
  /** Points per window for one client address using admin keys. 0: no limit. @default 12000 */
  rateLimitAdminPerAddress: { name: 'RATE_LIMIT_ADMIN_PER_ADDRESS', schema: budget.default(12_000) },
  /** Suggestions' own budget per key (any role), so typing never eats the search budget; off by default, as for the public key. 0: no limit. @default 0 */
  rateLimitSuggestPerKey: { name: 'RATE_LIMIT_SUGGEST_PER_KEY', schema: budget.default(0) },
  /** Suggestions' own budget per client address (one call per keystroke). 0: no limit. @default 1200 */
  rateLimitSuggestPerAddress: { name: 'RATE_LIMIT_SUGGEST_PER_ADDRESS', schema: budget.default(1200) },
  /** Points one merchandising preview costs (it runs the search twice, with draft rules). @default 10 */
  rateLimitPreviewCost: { name: 'RATE_LIMIT_PREVIEW_COST', schema: budget.min(1).default(10) },
  /** A batch of events costs 1 point plus 1 per this many events in it. @default 10 */
  rateLimitEventsPerPoint: { name: 'RATE_LIMIT_EVENTS_PER_POINT', schema: budget.min(1).default(10) },
  /** Failed authentications (401s) one client address may make per window before it is blocked. 0: no limit. @default 20 */
  rateLimitFailedAuthPerAddress: { name: 'RATE_LIMIT_FAILED_AUTH_PER_ADDRESS', schema: budget.default(20) },
  /** How long an address that made too many failed authentications is refused (keys this process knows valid still pass). @default 60 */
  rateLimitFailedAuthBlockSeconds: { name: 'RATE_LIMIT_FAILED_AUTH_BLOCK_SECONDS', schema: budget.min(1).default(60) },
  /** Longest wait for Redis's count before the process's own in-memory count decides instead. @default 100 */
  rateLimitRedisTimeoutMs: { name: 'RATE_LIMIT_REDIS_TIMEOUT_MS', schema: budget.min(1).max(10_000).default(100) },
  /** Public API key the storefront demo at `/` is handed in development (`npm start` sets it); empty: the page asks for one. @default '' */
  demoPublicKey: { name: 'DEMO_PUBLIC_KEY', schema: z.string().default('') },
  /** Merchandiser API key the console at `/console` is handed in development (`npm start` sets it); empty: the page asks for one. @default '' */
  demoMerchandiserKey: { name: 'DEMO_MERCHANDISER_KEY', schema: z.string().default('') },
  /** Signing key the storefront demo signs its demo customers' keys with, in development (`npm start` sets it); empty: no sign-in. @default '' */
  /**
   * The instant popularity, trend and trending are measured at (ISO 8601).
   * Unset: the newest order or event in the store, never past the wall clock,
   * so an imported history that ended months ago still has trending and
   * popular products. @default unset
   */
  dataClock: { name: 'DATA_CLOCK', schema: z.coerce.date().optional() },
  demoSigningKey: { name: 'DEMO_SIGNING_KEY', schema: z.string().default('') },
  /** API keys each API process keeps in memory (least recently used dropped first). @default 10000 */
  apiKeyCacheSize: { name: 'API_KEY_CACHE_SIZE', schema: z.coerce.number().int().min(100).max(1_000_000).default(10_000) },
  /** How long a process trusts a key it looked up; revocations reach every process at once over Redis, this bounds them when Redis is down. @default 10000 */
  apiKeyCacheTtlMs: { name: 'API_KEY_CACHE_TTL_MS', schema: z.coerce.number().int().min(0).max(300_000).default(10_000) },
  /** Longest a customer key may still be valid for when used; keys signed for longer are refused. @default 86400 */
  customerKeyMaxTtlSeconds: {
    name: 'CUSTOMER_KEY_MAX_TTL_SECONDS',
    schema: z.coerce
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .default(86_400),
  },

  // Postgres and Redis under trouble (issue 22): session timeouts per kind of process, bounded pool waits, stale caches, lost schedules.
  /** Longest statement of an API connection; past it the request answers 503 DATABASE_UNAVAILABLE. 0: no limit. @default 5000 */
  databaseStatementTimeoutMs: { name: 'DATABASE_STATEMENT_TIMEOUT_MS', schema: budget.default(5000) },
  /** Longest wait of an API connection for a row or table lock (a product another transaction is writing): then 503. 0: no limit. @default 1000 */
  databaseLockTimeoutMs: { name: 'DATABASE_LOCK_TIMEOUT_MS', schema: budget.default(1000) },
  /** An API connection idle inside an open transaction this long is closed by Postgres, releasing its locks. 0: no limit. @default 10000 */
  databaseIdleInTransactionTimeoutMs: { name: 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', schema: budget.default(10_000) },
  /** Longest wait of an API request for a pooled connection (all busy, or none can be opened): then 503. @default 2000 */
  databaseAcquireTimeoutMs: { name: 'DATABASE_ACQUIRE_TIMEOUT_MS', schema: budget.min(1).default(2000) },
  /** The same four for workers and the CLI, whose reads and batches are longer; their statement limit only stops a runaway. @default 900000 */
  backgroundStatementTimeoutMs: { name: 'BACKGROUND_DATABASE_STATEMENT_TIMEOUT_MS', schema: budget.default(900_000) },
  /** A background batch waits at most this long for a row lock (a merchant's write in flight), then retries later. @default 10000 */
  backgroundLockTimeoutMs: { name: 'BACKGROUND_DATABASE_LOCK_TIMEOUT_MS', schema: budget.default(10_000) },
  /** @default 300000 */
  backgroundIdleInTransactionTimeoutMs: { name: 'BACKGROUND_DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', schema: budget.default(300_000) },
  /** @default 60000 */
  backgroundAcquireTimeoutMs: { name: 'BACKGROUND_DATABASE_ACQUIRE_TIMEOUT_MS', schema: budget.min(1).default(60_000) },
  /** How often each worker checks that every repeatable job is still registered in Redis (an emptied Redis loses them). @default 30000 */
  repeatableJobsCheckMs: { name: 'REPEATABLE_JOBS_CHECK_MS', schema: budget.min(100).max(3_600_000).default(30_000) },
  /** How long an API process serves categories and brands before reading them again; while Postgres is away, past it they are served stale. @default 30000 */
  catalogCacheTtlMs: { name: 'CATALOG_CACHE_TTL_MS', schema: budget.min(1).max(3_600_000).default(30_000) },

  // ---- Elasticsearch cluster: topology, nodes, security (issue 22) ----
  /** Ask the cluster for its other nodes at start, on a connection fault and every minute, beyond the listed URLs. @default false */
  elasticsearchSniff: { name: 'ELASTICSEARCH_SNIFF', schema: z.stringbool().default(false) },
  /** Primary shards of a products index built from now on (an existing index keeps its own until the next reindex). @default 1 */
  elasticsearchShards: { name: 'ELASTICSEARCH_SHARDS', schema: z.coerce.number().int().min(1).max(1024).default(1) },
  /** Replicas of each shard once an index serves; each needs a node of its own, so a single node holds 0. @default 0 */
  elasticsearchReplicas: { name: 'ELASTICSEARCH_REPLICAS', schema: z.coerce.number().int().min(0).max(16).default(0) },
  /**
   * How soon writes become searchable ('-1': only on explicit refreshes). Half Elasticsearch's 1s: while a training or
   * signals run rewrites the catalog, an edit waits for the refresh after its write, and each refresh takes in every
   * document written since the last. On the 100k fixture 1s gave an edit lag p99 of 2.0 s (training) and 2.6 s
   * (signals), 500ms 1.3 s and 1.2 s, for about twice the merging (benchmarks/indexing/lag-during-jobs.ts, #22).
   * Refreshes with nothing written cost nothing. @default '500ms'
   */
  elasticsearchRefreshInterval: {
    name: 'ELASTICSEARCH_REFRESH_INTERVAL',
    schema: z
      .string()
      .regex(/^(-1|\d+(ms|s|m|h))$/, 'expected a duration like 500ms, 1s, 30s or -1')
      .default('500ms'),
  },
  /** Longest a reindex waits for the new index's replicas to be assigned before it gives up without moving the alias. @default 120 */
  elasticsearchReplicaWaitSeconds: {
    name: 'ELASTICSEARCH_REPLICA_WAIT_SECONDS',
    schema: z.coerce.number().int().min(1).max(3600).default(120),
  },
  /** API key (the base64 `id:key` Elasticsearch hands out) for a cluster with security on; empty: none. @default '' */
  elasticsearchApiKey: { name: 'ELASTICSEARCH_API_KEY', schema: z.string().default('') },
  /** User for basic authentication (with ELASTICSEARCH_PASSWORD) when no API key is set; empty: none. @default '' */
  elasticsearchUsername: { name: 'ELASTICSEARCH_USERNAME', schema: z.string().default('') },
  /** Password of ELASTICSEARCH_USERNAME. @default '' */
  elasticsearchPassword: { name: 'ELASTICSEARCH_PASSWORD', schema: z.string().default('') },
  /** Path of a PEM CA certificate the cluster's https certificates are checked against (a self-signed cluster's http_ca.crt); empty: the system's CAs. @default '' */
  elasticsearchCaCert: { name: 'ELASTICSEARCH_CA_CERT', schema: z.string().default('') },

  // ---- Prometheus metrics (issue 22) ----
  /**
   * Port of each API process's Prometheus endpoint (`GET /metrics`), apart from the API's so it is
   * never exposed with it; 0: no endpoint, nothing recorded. Several API processes on one machine need one port each. @default 0
   */
  metricsPort: { name: 'METRICS_PORT', schema: z.coerce.number().int().min(0).max(65535).default(0) },
  /** Address the metrics endpoint listens on: loopback unless a scraper elsewhere needs it. @default '127.0.0.1' */
  metricsHost: { name: 'METRICS_HOST', schema: z.string().min(1).default('127.0.0.1') },
} as const;

/** The entries of a comma-separated list of URLs, trimmed, empty ones dropped. */
export function nodeUrlList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}

type Settings = typeof settings;
export type Config = Readonly<{ [K in keyof Settings]: z.output<Settings[K]['schema']> }>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, { name, schema }] of Object.entries(settings)) {
    const raw = env[name];
    const parsed = schema.safeParse(raw === '' ? undefined : raw);
    if (parsed.success) out[key] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  return Object.freeze(out) as Config;
}

/** Environment variable names with their defaults, for the README and `agora config`. */
export function describeSettings(): Array<{ name: string; default: unknown }> {
  return Object.values(settings).map(({ name, schema }) => ({ name, default: schema.parse(undefined) }));
}
