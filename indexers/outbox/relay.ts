import { errors, type Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type { Logger } from '../../src/core/logger';
import { productsAlias } from '../../src/core/product-index';
import { BulkRetryableError, type BulkResult } from '../bulk';
import { prepareSync, recordSync, sendSync, type PreparedSync } from '../sync';
import { claimOwner, claimRows, type ClaimedRow, markProcessed, releaseForRetry, renewLease, type RetryBackoff } from './claim';
import { addPass, emptySummary, shouldContinue, type RelayPassOutcome, type RelaySummary } from './outcome';
import { pauseRelay, relayPause, relayReachedElasticsearch } from './pause';

export interface RelayDeps {
  db: Knex;
  es: ElasticsearchClient;
  config: { indexPrefix: string };
  logger: Logger;
}

export interface RelayOptions {
  /** Outbox rows claimed per pass. @default 500 */
  batchSize?: number;
  /**
   * Of them, at most this many from the background lane (training, signals): a catalog edit committed during a pass
   * waits for that pass to end, so passes of background work are kept short (#22: lag p99 of edits during a signals
   * run on 100k products). @default 200
   */
  backgroundBatchSize?: number;
  /** Passes before returning, so one job cannot hold a worker forever; the caller relays again when `more`. @default 200 */
  maxBatches?: number;
  /**
   * How long a claim lasts without renewal. A live pass renews it every third
   * of this while it waits on Elasticsearch, so this bounds only how long the
   * rows of a crashed worker wait before another claims them. @default 10000
   */
  leaseMs?: number;
  /** Wait before rows of a failed pass are claimable again; also the relay's pause after Elasticsearch could not be reached. */
  backoff?: RetryBackoff;
  /**
   * How long the check for the products alias, the run's first request, may
   * take before the run gives up (a cluster that accepts connections and
   * never answers), without the client's retry. @default 10000
   */
  aliasCheckTimeoutMs?: number;
}

interface PassOptions {
  batchSize: number;
  backgroundBatchSize: number;
  leaseMs: number;
  backoff: RetryBackoff;
  /** The alias to write to, or null when there is none yet. */
  alias: string | null;
}

/**
 * Drains the search outbox into the products alias, one pass at a time, until
 * a pass finds less than a full batch, a pass fails, or maxBatches passes ran;
 * a pass of catalog edits alone is followed by one pass of background work
 * (the lanes take turns, README.md).
 * Several relays may run at once (in one worker or many): claims never overlap.
 *
 * Never throws for Elasticsearch's sake: a cluster that cannot be reached, or
 * refuses the writes as a whole, ends the run with a `retry` pass and pauses
 * this process's relays (pause.ts) until the backoff has passed; a run during
 * the pause returns at once, `paused`. Postgres failing to claim still throws.
 */
export async function relayOutbox(deps: RelayDeps, options: RelayOptions = {}): Promise<RelaySummary> {
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 200;
  const backoff = options.backoff ?? {};
  const paused = relayPause(deps.db);
  if (paused !== undefined)
    return { ...emptySummary(), stopped: { reason: 'paused', error: paused.error, resumeInMs: paused.until - Date.now() } };

  const alias = productsAlias(deps.config.indexPrefix);
  // Before the first reindex there is nothing to update; that reindex replays
  // every change processed after it started, so acknowledging them loses nothing.
  let hasIndex: boolean;
  try {
    hasIndex = await deps.es.indices.existsAlias({ name: alias }, { requestTimeout: options.aliasCheckTimeoutMs ?? 10_000, maxRetries: 0 });
  } catch (error) {
    // Nothing claimed yet: the rows stay as they are, and no relay claims any until the pause ends.
    const outcome: RelayPassOutcome = { kind: 'retry', claimed: 0, error: describe(error) };
    const pause = pauseRelay(deps.db, outcome.error, backoff);
    logPass(deps.logger, outcome, pause.until - Date.now());
    return addPass(emptySummary(), outcome);
  }
  relayReachedElasticsearch(deps.db);
  const pass: PassOptions = {
    batchSize,
    backgroundBatchSize: Math.min(batchSize, options.backgroundBatchSize ?? 200),
    leaseMs: options.leaseMs ?? 10_000,
    backoff,
    alias: hasIndex ? alias : null,
  };
  let summary = emptySummary();
  // Catalog edits travel alone, and under a steady stream of them every run's first pass finds some: were a pass of
  // edits short of a full batch the end of the run, no run would ever reach the background lane (#22 lag benchmark:
  // at 20 edits/s, 73k rows of a training run waited minutes). So after a pass of edits alone comes one pass of
  // background work, then the edits again: the lanes take turns, edits first.
  let backgroundTurn = false;
  let editsLeft = false;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const wasBackgroundTurn: boolean = backgroundTurn;
    const { outcome, full, catalogOnly } = await relayPass(deps, pass, wasBackgroundTurn);
    summary = addPass(summary, outcome);
    backgroundTurn = !wasBackgroundTurn && catalogOnly && delivered(outcome);
    if (backgroundTurn) {
      editsLeft = full;
      continue;
    }
    // After the background turn, a full pass of edits before it means more edits may wait, whatever the turn found.
    if (shouldContinue(outcome, full) || (wasBackgroundTurn && editsLeft && outcome.kind !== 'retry')) continue;
    return summary;
  }
  return { ...summary, stopped: { reason: 'budget' }, more: true };
}

/**
 * One pass: claim (a short transaction), read the products and write them to
 * Elasticsearch with no transaction open, then settle (a second short
 * transaction: bookkeeping and rows processed) or hand the rows back.
 */
async function relayPass(
  deps: RelayDeps,
  options: PassOptions,
  backgroundOnly: boolean,
): Promise<{ outcome: RelayPassOutcome; full: boolean; catalogOnly: boolean }> {
  const owner = claimOwner();
  const { batchSize, backgroundBatchSize, leaseMs } = options;
  const limit = backgroundOnly ? backgroundBatchSize : batchSize;
  const rows = await claimRows(deps.db, { owner, limit, backgroundLimit: backgroundBatchSize, backgroundOnly, leaseMs });
  // A claim that hit either limit may have left rows behind: another pass follows.
  const background = rows.filter((r) => r.background).length;
  const full = rows.length >= limit || background >= backgroundBatchSize;
  const catalogOnly = rows.length > 0 && background === 0;
  return { outcome: await deliver(deps, options, owner, rows), full, catalogOnly };
}

function delivered(outcome: RelayPassOutcome): boolean {
  return outcome.kind === 'delivered' || outcome.kind === 'acknowledged';
}

/** Writes the claimed rows' products and settles the rows (or hands them back). */
async function deliver(deps: RelayDeps, options: PassOptions, owner: string, rows: readonly ClaimedRow[]): Promise<RelayPassOutcome> {
  if (rows.length === 0) return logged(deps, { kind: 'idle' });
  const ids = rows.map((r) => r.id);
  const claimed = rows.length;
  if (options.alias === null) {
    await markProcessed(deps.db, ids);
    return logged(deps, { kind: 'acknowledged', claimed });
  }

  /** Hands the rows back with a backoff; after a failure to reach Elasticsearch, pauses claiming until that backoff ends. */
  const handBack = async (error: string, unreachable: boolean): Promise<RelayPassOutcome> => {
    const released = await releaseForRetry(deps.db, owner, ids, error, options.backoff).catch((releaseError: unknown) => {
      // The lease still runs out: the rows come back then instead of after the backoff.
      deps.logger.warn({ err: releaseError, cause: error }, 'could not hand outbox rows back after a failed pass');
      return undefined;
    });
    const pause = unreachable ? pauseRelay(deps.db, error, options.backoff, released?.backoffMs ?? options.leaseMs) : undefined;
    return logged(deps, { kind: 'retry', claimed, error }, pause && pause.until - Date.now());
  };

  const lease = keepLeased(deps, owner, ids, options.leaseMs);
  try {
    const sent = await send(deps, options.alias, rows);
    if ('failed' in sent) return await handBack(sent.failed, sent.unreachable);
    const { prepared, result } = sent;
    for (const r of result.rejected)
      deps.logger.warn({ productId: r.id, version: r.version, error: r.errorType, reason: r.reason }, 'document rejected by Elasticsearch');
    try {
      // Bookkeeping and "processed" commit together: a crash before this commit only means the batch is written again.
      await deps.db.transaction(async (trx) => {
        await recordSync(trx, prepared, result);
        await markProcessed(trx, ids);
      });
    } catch (error) {
      // Written but not settled: the rows are handed back like those of a failed _bulk, and the retry writes
      // the same versions again (superseded, harmless) and settles them then. Elasticsearch is not at fault.
      return await handBack(`settle failed: ${describe(error)}`, false);
    }
    const written = result.written;
    return logged(deps, {
      kind: 'delivered',
      claimed,
      indexed: written.filter((a) => a.op === 'index').length,
      deleted: written.filter((a) => a.op === 'delete').length,
      superseded: result.superseded.length,
      rejected: result.rejected.length,
    });
  } finally {
    await lease.stop();
  }
}

/**
 * Reads the claimed products' current state (autocommit statements, each
 * seeing what committed before it) and writes it with their versions. No
 * transaction is open meanwhile. A failure comes back as its description;
 * `unreachable`: it was Elasticsearch's as a whole (see unreachable()).
 */
async function send(
  deps: RelayDeps,
  alias: string,
  rows: readonly ClaimedRow[],
): Promise<{ prepared: PreparedSync; result: BulkResult } | { failed: string; unreachable: boolean }> {
  let prepared: PreparedSync;
  try {
    prepared = await prepareSync(
      deps.db,
      alias,
      rows.map((r) => ({ productId: r.productId, version: r.version })),
    );
  } catch (error) {
    return { failed: describe(error), unreachable: false };
  }
  try {
    return { prepared, result: await sendSync({ es: deps.es, index: alias, requireAlias: true }, prepared) };
  } catch (error) {
    return { failed: describe(error), unreachable: unreachable(error) };
  }
}

/**
 * Whether a failed _bulk says Elasticsearch cannot take writes now, whatever
 * the batch: no connection, no answer in time, the whole request refused as
 * busy or failing (429, 5xx), or items still refused so after writeBulk's own
 * retries. Any other failure (a request Elasticsearch found malformed, say)
 * belongs to the batch, and other batches may go through.
 */
function unreachable(error: unknown): boolean {
  if (error instanceof errors.ResponseError) return error.statusCode === 429 || (error.statusCode ?? 0) >= 500;
  return (
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError ||
    error instanceof BulkRetryableError
  );
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

function logged(deps: RelayDeps, outcome: RelayPassOutcome, pausedForMs?: number): RelayPassOutcome {
  logPass(deps.logger, outcome, pausedForMs);
  return outcome;
}

function logPass(logger: Logger, outcome: RelayPassOutcome, pausedForMs?: number): void {
  if (outcome.kind === 'retry' && pausedForMs !== undefined)
    logger.warn(
      { relay: outcome, pausedForMs },
      'Elasticsearch could not be reached: outbox relay paused, its rows are retried after a backoff',
    );
  else if (outcome.kind === 'retry') logger.warn({ relay: outcome }, 'outbox relay pass failed; its rows are retried after a backoff');
  else if (outcome.kind === 'acknowledged')
    logger.info({ relay: outcome }, 'no products index yet: outbox rows acknowledged, the first reindex loads them');
  else logger.debug({ relay: outcome }, 'outbox relay pass');
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
