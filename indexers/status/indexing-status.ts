import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { PRODUCT_INDEX_VERSION, productsAlias } from '../../src/core/product-index';
import { outboxBacklog } from '../outbox/backlog';
import { aliasTargets } from '../reindex/aliases';
import { countRejectedDocuments } from '../rejected';
import type { IndexingStatus, ReindexRun } from '../../src/core/indexing-status';

/** Indexing health for /readyz and `agora index status`; Elasticsearch being down is reported, not thrown. */
export async function getIndexingStatus(deps: {
  db: Knex;
  es: ElasticsearchClient;
  config: { indexPrefix: string };
}): Promise<IndexingStatus> {
  const alias = productsAlias(deps.config.indexPrefix);
  const [backlog, rejectedDocuments, lastReindex, runningReindex, serving] = await Promise.all([
    outboxBacklog(deps.db),
    countRejectedDocuments(deps.db),
    latestRun(deps.db, 'succeeded'),
    latestRun(deps.db, 'running'),
    servingIndex(deps.es, alias),
  ]);
  return {
    outboxDepth: backlog.depth,
    oldestPendingAgeSeconds: backlog.oldestPendingAgeSeconds,
    lastReindex,
    runningReindex,
    rejectedDocuments,
    aliasTarget: serving?.targets ?? null,
    indexVersion: { serving: serving?.version ?? null, code: PRODUCT_INDEX_VERSION },
  };
}

async function latestRun(db: Knex, status: ReindexRun['status']): Promise<ReindexRun | null> {
  const row = await db('search_reindex_runs').where({ status }).orderBy('id', 'desc').first();
  if (row === undefined) return null;
  return {
    indexName: row.index_name,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    documents: row.documents === null ? null : Number(row.documents),
    durationMs: row.duration_ms,
    error: row.error,
  };
}

/** The indexes the alias points at and the PRODUCT_INDEX_VERSION the serving one was built with; null when Elasticsearch cannot say. */
export async function servingIndex(es: ElasticsearchClient, alias: string): Promise<{ targets: string[]; version: number | null } | null> {
  try {
    const targets = await aliasTargets(es, alias);
    if (targets.length === 0) return { targets, version: null };
    const mappings = await es.indices.getMapping({ index: alias });
    const version = Object.values(mappings)[0]?.mappings._meta?.index_version;
    return { targets, version: typeof version === 'number' ? version : null };
  } catch {
    return null;
  }
}
