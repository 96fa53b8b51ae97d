import type { Knex } from 'knex';
import type { Logger } from '../core/logger';

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
    try {
      await db('search_log').insert(
        batch.map((e) => ({
          query: e.query,
          normalized_query: e.normalizedQuery,
          filters: JSON.stringify(e.filters),
          sort: e.sort,
          result_count: e.resultCount,
          corrected: e.corrected,
          redirected: e.redirected ?? false,
          latency_ms: e.latencyMs,
          customer_id: e.customerId,
          session_id: e.sessionId,
          request_id: e.requestId,
          created_at: e.createdAt,
        })),
      );
    } catch (error) {
      logger.warn({ err: error, entries: batch.length }, 'search log batch lost');
    }
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
