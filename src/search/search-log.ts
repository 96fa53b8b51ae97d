import type { Knex } from 'knex';
import type { Logger } from '../core/logger';
import { contextTag, int4Max, storableText } from '../core/validation';
import { clientAddressPseudonymSql } from '../core/client-address-pseudonym';
import type { ExperimentTag } from './experiment-source';

export interface SearchLogEntry {
  query: string | null;
  normalizedQuery: string | null;
  filters: Record<string, unknown>;
  sort: string;
  resultCount: number;
  corrected: boolean;
  /** A merchandising rule answered with a redirect: no results, yet not a "no results" query. */
  redirected?: boolean;
  latencyMs: number;
  customerId: string | null;
  sessionId: string | null;
  requestId: string | null;
  /**
   * The client's address as the rate limiter counts it (IPv4, or the /64 of IPv6; `clientAddressKey`). Stored only as a
   * salted hash (`searcher_address`, migration 048): earned suggestions count distinct addresses, which a client cannot
   * invent the way it invents session ids. Null or omitted: the search counts for no searcher.
   */
  clientAddress?: string | null;
  /**
   * The request's storefront context tag (its `context` parameter, the value rules' context conditions match), already
   * validated as `contextTag`; null without one. Analytics report per context (migration 080).
   */
  context?: string | null;
  /** The experiment variant that served the search: the exposure experiment results count (migration 060). */
  experiment?: ExperimentTag | null;
  createdAt: Date;
}

export interface SearchLogWriter {
  /** Never waits and never throws: logging must not slow or fail a search. */
  record(entry: SearchLogEntry): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface SearchLogOptions {
  /** @default 1000 */
  flushIntervalMs?: number;
  /** Flush early once this many entries wait. @default 500 */
  batchSize?: number;
  /** Past this backlog (Postgres down), new entries are dropped and counted. @default 50000 */
  maxBuffered?: number;
}

/**
 * Buffers search log entries in memory and writes them in batches off the
 * request path. A crash can lose up to one interval of entries; analytics
 * tolerate that, shoppers would not tolerate a slower search.
 */
export function createSearchLogWriter(db: Knex, logger: Logger, options: SearchLogOptions = {}): SearchLogWriter {
  const { flushIntervalMs = 1000, batchSize = 500, maxBuffered = 50_000 } = options;
  let buffer: SearchLogEntry[] = [];
  let dropped = 0;
  let flushing: Promise<void> = Promise.resolve();

  const writeBatch = async (batch: SearchLogEntry[]): Promise<void> => {
    const rows = batch.map((entry) => toRow(db, entry));
    try {
      await db('search_log').insert(rows);
      return;
    } catch (error) {
      if (!refusedForItsData(error)) {
        logger.warn({ err: error, entries: rows.length }, 'search log batch lost');
        return;
      }
      logger.warn({ err: error, entries: rows.length }, 'search log batch refused; writing its entries one by one');
    }
    // One entry Postgres refuses (a value out of range, a row our cleaning missed) must not cost the others theirs.
    let lost = 0;
    for (const row of rows) {
      try {
        await db('search_log').insert(row);
      } catch (error) {
        lost++;
        logger.warn({ err: error, requestId: row.request_id }, 'search log entry lost');
      }
    }
    if (lost > 0) logger.warn({ lost, entries: rows.length }, 'search log entries lost');
  };

  const flush = (): Promise<void> => {
    if (buffer.length === 0) return flushing;
    const batch = buffer;
    buffer = [];
    if (dropped > 0) {
      logger.warn({ dropped }, 'search log entries dropped while the backlog was full');
      dropped = 0;
    }
    flushing = flushing.then(() => writeBatch(batch));
    return flushing;
  };

  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  return {
    record(entry) {
      if (buffer.length >= maxBuffered) {
        dropped++;
        return;
      }
      buffer.push(entry);
      if (buffer.length >= batchSize) void flush();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

/**
 * The row as Postgres can store it. The API refuses NULs and unpaired surrogates at its edge, but a log takes what any caller
 * records (the preview, a future route, a test): text is made storable here, and counts are clamped to their int4 columns.
 */
function toRow(db: Knex, e: SearchLogEntry) {
  const text = (value: string | null) => (value === null ? null : storableText(value));
  const address = e.clientAddress ?? null;
  return {
    query: text(e.query),
    normalized_query: text(e.normalizedQuery),
    filters: storableJson(e.filters),
    sort: storableText(e.sort),
    result_count: clampInt4(e.resultCount),
    corrected: e.corrected,
    redirected: e.redirected ?? false,
    latency_ms: clampInt4(e.latencyMs),
    customer_id: text(e.customerId),
    session_id: text(e.sessionId),
    request_id: text(e.requestId),
    searcher_address: address === null || address === '' ? null : db.raw(`${clientAddressPseudonymSql}::uuid`, [storableText(address)]),
    // A tag in any other form (a caller that skipped validation) is not stored rather than costing the row its check.
    context: e.context != null && contextTag.safeParse(e.context).success ? e.context : null,
    experiment_id: e.experiment?.id ?? null,
    experiment_variant: e.experiment?.variant ?? null,
    created_at: Number.isNaN(e.createdAt.getTime()) ? new Date() : e.createdAt,
  };
}

/** JSON with every string and key storable: JSON.stringify writes a NUL or a lone surrogate as an escape that jsonb refuses. */
function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string') return storableText(v);
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date))
      return Object.fromEntries(Object.entries(v).map(([key, item]) => [storableText(key), item]));
    return v;
  });
}

/**
 * Postgres refused the rows, not the connection: a data exception (class 22), a constraint (23) or a limit (54). Only then is
 * writing them one by one worth it; with Postgres down it would wait out every row's timeout.
 */
function refusedForItsData(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

function clampInt4(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.round(value), 0), int4Max) : 0;
}
