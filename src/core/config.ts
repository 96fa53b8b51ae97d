import { z } from 'zod';

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
  /** Time given to in-flight requests and jobs on SIGTERM. @default 10000 */
  shutdownTimeoutMs: { name: 'SHUTDOWN_TIMEOUT_MS', schema: z.coerce.number().int().positive().default(10_000) },
  elasticsearchUrl: { name: 'ELASTICSEARCH_URL', schema: z.url().default('http://127.0.0.1:9250') },
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
  /** Public API key the storefront demo at `/` is handed in development (`npm start` sets it); empty: the page asks for one. @default '' */
  demoPublicKey: { name: 'DEMO_PUBLIC_KEY', schema: z.string().default('') },
  /** Merchandiser API key the console at `/console` is handed in development (`npm start` sets it); empty: the page asks for one. @default '' */
  demoMerchandiserKey: { name: 'DEMO_MERCHANDISER_KEY', schema: z.string().default('') },
} as const;

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
