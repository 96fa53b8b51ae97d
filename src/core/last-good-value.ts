/**
 * A value read from Postgres and kept in memory for `ttlMs`, which outlives
 * Postgres: when a refresh fails, readers get the last value loaded, marked
 * stale, and the next attempt waits `retryMs`, so an outage costs each
 * request nothing but a flag (#22: search failed once caches expired). With
 * nothing loaded yet there is nothing to fall back on, and the failure is
 * the reader's.
 */
/**
 * What a response served from memory because Postgres could not be read (the `X-Agora-Stale` header lists them);
 * `personalization`: the shopper's history could not be read, so the answer is not personalised.
 */
export type StaleSource = 'api-key' | 'categories' | 'merchandising' | 'personalization';

export interface Reading<T> {
  value: T;
  /** Older than the TTL: its refresh failed. */
  stale: boolean;
}

export interface LastGoodValue<T> {
  read(): Promise<Reading<T>>;
  /** Whether the value held is stale: its last refresh failed and none has succeeded since. */
  isStale(): boolean;
}

export interface LastGoodValueOptions {
  /** How long a loaded value is served without asking again. */
  ttlMs: number;
  /** After a failed refresh, how long the stale value is served before the next try. @default 1000 */
  retryMs?: number;
  /** @default Date.now */
  now?: () => number;
  /** Told of each failed refresh (while a stale value is served), e.g. to log it. */
  onRefreshFailed?: (error: unknown) => void;
}

export function lastGoodValue<T>(load: () => Promise<T>, options: LastGoodValueOptions): LastGoodValue<T> {
  const now = options.now ?? Date.now;
  const retryMs = options.retryMs ?? 1000;
  let cached: { value: T; loadedAt: number } | null = null;
  let failedAt: number | null = null;
  let loading: Promise<T> | null = null;

  // Concurrent readers share one load.
  const loadOnce = (): Promise<T> =>
    (loading ??= load()
      .then((value) => {
        cached = { value, loadedAt: now() };
        failedAt = null;
        return value;
      })
      .finally(() => {
        loading = null;
      }));

  return {
    async read() {
      if (!cached) return { value: await loadOnce(), stale: false };
      const at = now();
      if (at - cached.loadedAt < options.ttlMs) return { value: cached.value, stale: false };
      if (failedAt !== null && at - failedAt < retryMs) return { value: cached.value, stale: true };
      try {
        return { value: await loadOnce(), stale: false };
      } catch (error) {
        failedAt = now();
        options.onRefreshFailed?.(error);
        return { value: cached.value, stale: true };
      }
    },
    isStale: () => cached !== null && failedAt !== null,
  };
}
