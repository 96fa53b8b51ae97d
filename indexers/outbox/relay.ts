import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type { Logger } from '../../src/core/logger';
import { productsAlias } from '../../src/core/product-index';
import { syncProducts } from '../sync';

export interface RelayDeps {
  db: Knex;
  es: ElasticsearchClient;
  config: { indexPrefix: string };
  logger: Logger;
}

export interface RelayOptions {
  /** Outbox rows claimed per transaction. @default 500 */
  batchSize?: number;
  /** Batches before returning, so one job cannot hold a worker forever; the caller re-enqueues if more is pending. @default 200 */
  maxBatches?: number;
}

export interface RelaySummary {
  claimed: number;
  written: number;
  superseded: number;
  rejected: number;
  /** More rows were pending when the relay stopped at maxBatches. */
  more: boolean;
  /** No products alias yet: changes were acknowledged, the first reindex will load everything. */
  skippedNoIndex: boolean;
}

interface OutboxRow {
  id: string;
  product_id: string;
  version: string;
}

/**
 * Drains the search outbox into the products alias. Each batch is one
 * transaction: claim pending rows in id order (SKIP LOCKED lets several
 * relays share the work), write the products' current state, mark the rows
 * processed, commit. If Elasticsearch fails the transaction rolls back and
 * the rows are claimed again later; at-least-once delivery is harmless
 * because every write is versioned.
 */
export async function relayOutbox(deps: RelayDeps, options: RelayOptions = {}): Promise<RelaySummary> {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 200;
  const alias = productsAlias(deps.config.indexPrefix);
  const summary: RelaySummary = { claimed: 0, written: 0, superseded: 0, rejected: 0, more: false, skippedNoIndex: false };
  // Before the first reindex there is nothing to update; that reindex reads
  // Postgres after these changes committed, so acknowledging them loses nothing.
  const hasIndex = await deps.es.indices.existsAlias({ name: alias });
  if (!hasIndex) summary.skippedNoIndex = true;

  for (let batch = 0; batch < maxBatches; batch += 1) {
    const claimed = await deps.db.transaction(async (trx) => {
      const { rows } = await trx.raw<{ rows: OutboxRow[] }>(
        'select id, product_id, version from search_outbox where processed_at is null order by id limit ? for update skip locked',
        [batchSize],
      );
      if (rows.length === 0) return 0;
      if (hasIndex) {
        const result = await syncProducts(
          { db: trx, es: deps.es, index: alias, requireAlias: true },
          rows.map((r) => ({ productId: r.product_id, version: Number(r.version) })),
        );
        summary.written += result.written.length;
        summary.superseded += result.superseded.length;
        summary.rejected += result.rejected.length;
        for (const r of result.rejected) deps.logger.warn({ productId: r.id, version: r.version, error: r.errorType, reason: r.reason }, 'document rejected by Elasticsearch');
      }
      // clock_timestamp, not now(): a reindex replays rows processed after its
      // start, and now() would be this transaction's start, possibly earlier.
      await trx('search_outbox').whereIn('id', rows.map((r) => r.id)).update({ processed_at: trx.raw('clock_timestamp()') });
      return rows.length;
    });
    summary.claimed += claimed;
    if (claimed < batchSize) return summary;
  }
  summary.more = true;
  return summary;
}
