import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type { Logger } from '../../src/core/logger';
import { productsAlias } from '../../src/core/product-index';
import type { BulkResult } from '../bulk';
import { prepareSync, recordSync, sendSync, type PreparedSync } from '../sync';
import { claimOwner, claimRows, type ClaimedRow, markProcessed, releaseForRetry, renewLease, type RetryBackoff } from './claim';
import { addPass, emptySummary, shouldContinue, type RelayPassOutcome, type RelaySummary } from './outcome';

export interface RelayDeps {
  db: Knex;
  es: ElasticsearchClient;
  config: { indexPrefix: string };
  logger: Logger;
}

export interface RelayOptions {
  /** Outbox rows claimed per pass. @default 500 */
  batchSize?: number;
  /** Passes before returning, so one job cannot hold a worker forever; the caller relays again when `more`. @default 200 */
  maxBatches?: number;
  /**
   * How long a claim lasts without renewal. A live pass renews it every third
   * of this while it waits on Elasticsearch, so this bounds only how long the
   * rows of a crashed worker wait before another claims them. @default 10000
   */
  leaseMs?: number;
  /** Wait before rows of a failed pass are claimable again. */
  backoff?: RetryBackoff;
}

interface PassOptions {
  batchSize: number;
  leaseMs: number;
  backoff: RetryBackoff;
  /** The alias to write to, or null when there is none yet. */
  alias: string | null;
}

/**
 * Drains the search outbox into the products alias, one pass at a time, until
 * a pass finds less than a full batch, a pass fails, or maxBatches passes ran.
 * Several relays may run at once (in one worker or many): claims never overlap.
 */
export async function relayOutbox(deps: RelayDeps, options: RelayOptions = {}): Promise<RelaySummary> {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 200;
  const alias = productsAlias(deps.config.indexPrefix);
  // Before the first reindex there is nothing to update; that reindex replays
  // every change processed after it started, so acknowledging them loses nothing.
  const hasIndex = await deps.es.indices.existsAlias({ name: alias });
  const pass: PassOptions = {
    batchSize,
    leaseMs: options.leaseMs ?? 10_000,
    backoff: options.backoff ?? {},
    alias: hasIndex ? alias : null,
  };
  let summary = emptySummary();
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const outcome = await relayPass(deps, pass);
    logPass(deps.logger, outcome);
    summary = addPass(summary, outcome);
    if (!shouldContinue(outcome, batchSize)) return summary;
  }
  return { ...summary, stopped: { reason: 'budget' }, more: true };
}

/**
 * One pass: claim (a short transaction), read the products and write them to
 * Elasticsearch with no transaction open, then settle (a second short
 * transaction: bookkeeping and rows processed) or hand the rows back.
 */
async function relayPass(deps: RelayDeps, options: PassOptions): Promise<RelayPassOutcome> {
  const owner = claimOwner();
  const rows = await claimRows(deps.db, { owner, limit: options.batchSize, leaseMs: options.leaseMs });
  if (rows.length === 0) return { kind: 'idle' };
  const ids = rows.map((r) => r.id);
  const claimed = rows.length;
  if (options.alias === null) {
    await markProcessed(deps.db, ids);
    return { kind: 'acknowledged', claimed };
  }

  const lease = keepLeased(deps, owner, ids, options.leaseMs);
  try {
    const sent = await send(deps, options.alias, rows);
    if ('failed' in sent) {
      await releaseForRetry(deps.db, owner, ids, sent.failed, options.backoff).catch((releaseError: unknown) =>
        // The lease still runs out: the rows come back then instead of after the backoff.
        deps.logger.warn({ err: releaseError, cause: sent.failed }, 'could not hand outbox rows back after a failed pass'),
      );
      return { kind: 'retry', claimed, error: sent.failed };
    }
    const { prepared, result } = sent;
    for (const r of result.rejected)
      deps.logger.warn({ productId: r.id, version: r.version, error: r.errorType, reason: r.reason }, 'document rejected by Elasticsearch');
    // Bookkeeping and "processed" commit together: a crash before this commit only means the batch is written again.
    await deps.db.transaction(async (trx) => {
      await recordSync(trx, prepared, result);
      await markProcessed(trx, ids);
    });
    const written = result.written;
    return {
      kind: 'delivered',
      claimed,
      indexed: written.filter((a) => a.op === 'index').length,
      deleted: written.filter((a) => a.op === 'delete').length,
      superseded: result.superseded.length,
      rejected: result.rejected.length,
    };
  } finally {
    await lease.stop();
  }
}

/**
 * Reads the claimed products' current state (autocommit statements, each
 * seeing what committed before it) and writes it with their versions. No
 * transaction is open meanwhile. A failure comes back as its description.
 */
async function send(
  deps: RelayDeps,
  alias: string,
  rows: readonly ClaimedRow[],
): Promise<{ prepared: PreparedSync; result: BulkResult } | { failed: string }> {
  try {
    const prepared = await prepareSync(
      deps.db,
      alias,
      rows.map((r) => ({ productId: r.productId, version: r.version })),
    );
    return { prepared, result: await sendSync({ es: deps.es, index: alias, requireAlias: true }, prepared) };
  } catch (error) {
    return { failed: describe(error) };
  }
}

/** Renews the pass's lease every third of its length until stopped; a failed renewal only risks a harmless second write. */
function keepLeased(deps: RelayDeps, owner: string, ids: readonly string[], leaseMs: number): { stop(): Promise<void> } {
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewLease(deps.db, owner, ids, leaseMs).catch((error: unknown) =>
        deps.logger.warn({ err: error }, 'could not renew an outbox lease; another relay may write these rows as well'),
      );
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}

function logPass(logger: Logger, outcome: RelayPassOutcome): void {
  if (outcome.kind === 'retry') logger.warn({ relay: outcome }, 'outbox relay pass failed; its rows are retried after a backoff');
  else if (outcome.kind === 'acknowledged')
    logger.info({ relay: outcome }, 'no products index yet: outbox rows acknowledged, the first reindex loads them');
  else logger.debug({ relay: outcome }, 'outbox relay pass');
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
