import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type Redis from 'ioredis';
import { elasticsearchRefusedCredentials } from '../core/clients';
import type { IndexingStatus, IndexingStatusReader } from '../core/indexing-status';

export type DependencyName = 'elasticsearch' | 'postgres' | 'redis';

export interface DependencyStatus {
  status: 'up' | 'down';
  ms: number;
  error?: string;
  details?: Record<string, unknown>;
}

export interface Readiness {
  status: 'ready' | 'unavailable';
  dependencies: Record<DependencyName, DependencyStatus>;
  /** Outbox depth and age, last reindex, rejected documents; null when Postgres cannot be asked. */
  indexing: IndexingStatus | null;
}

/** A dependency that does not answer within this long counts as down. */
const checkTimeoutMs = 1500;

async function timed(check: () => Promise<Record<string, unknown> | void>): Promise<DependencyStatus> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
    });
    const details = await Promise.race([check(), timeout]);
    return { status: 'up', ms: Date.now() - started, ...(details ? { details } : {}) };
  } catch (error) {
    return { status: 'down', ms: Date.now() - started, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks the three services in parallel; the API is ready only when all answer. */
export interface ReadinessDependencies {
  es: ElasticsearchClient;
  db: Knex;
  redis: Redis;
  indexingStatus: IndexingStatusReader;
}

export async function checkReadiness(deps: ReadinessDependencies): Promise<Readiness> {
  const [elasticsearch, postgres, redis] = await Promise.all([
    timed(async () => {
      const health = await deps.es.cluster.health({}, { requestTimeout: checkTimeoutMs, maxRetries: 0 }).catch((error: unknown) => {
        if (!elasticsearchRefusedCredentials(error)) throw error;
        throw new Error(
          `Elasticsearch refused Agora's credentials (${error.statusCode}): check ELASTICSEARCH_API_KEY, or ELASTICSEARCH_USERNAME and _PASSWORD, and their privileges`,
        );
      });
      if (health.status === 'red') throw new Error('cluster status is red');
      return { cluster: health.cluster_name, clusterStatus: health.status };
    }),
    timed(async () => {
      await deps.db.raw('select 1');
    }),
    timed(async () => {
      const pong = await deps.redis.ping();
      if (pong !== 'PONG') throw new Error(`unexpected answer ${pong}`);
    }),
  ]);
  const dependencies = { elasticsearch, postgres, redis };
  const allUp = Object.values(dependencies).every((d) => d.status === 'up');
  // Indexing lag is information, not a readiness condition: a deep outbox still serves searches.
  const indexing = postgres.status === 'up' ? await deps.indexingStatus().catch(() => null) : null;
  return { status: allUp ? 'ready' : 'unavailable', dependencies, indexing };
}
