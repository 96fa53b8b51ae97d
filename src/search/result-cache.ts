import { createHash } from 'node:crypto';
import type { Metrics } from '../core/metrics';
import type Redis from 'ioredis';
import { readUnderIndexGeneration } from '../core/index-generation';

/**
 * A short-lived Redis cache of whole search responses. Keys include the
 * index generation, a counter the indexers bump after every write to the
 * index: a change makes every older entry unreachable at once, and the TTL
 * clears them out. An answer computed within `settleMs` of the last write is
 * served but not stored: the write may not have been searchable yet, and the
 * stale answer would otherwise stand under the new generation until its TTL.
 */
export interface CacheLookup<T> {
  value: T | null;
  /**
   * Stores under the generation read by the lookup: a result computed before a change can never be filed under the newer
   * generation. Never rejects (a lost store costs only a later miss), so callers need not wait for it.
   */
  store(value: T): Promise<void>;
}

export interface ResultCache {
  lookup<T>(key: unknown): Promise<CacheLookup<T>>;
}

export interface ResultCacheOptions {
  /** @default 30 */
  ttlSeconds?: number;
  /** How long after a write answers may still miss it: the index's refresh interval (1 s) and a margin. @default 2000 */
  settleMs?: number;
  /** A Redis slower than this (connected but stalled) is a miss, and a store is given up: a cache may cost speed, never add it. @default 50 */
  timeoutMs?: number;
  /**
   * An answer is stored only when the same search missed within this many seconds before (0: every answer is
   * stored). Most searches of a storefront's long tail are asked once: storing their answers (about 10 KB each) costs a
   * Redis write on every miss that no hit ever repays (#22: the API's CPU per search). A search asked twice is cached
   * from its second answer on. @default 600
   */
  storeAfterAskedWithinSeconds?: number;
}

const timedOut = Symbol('timed out');

/** The promise's value, or `timedOut` once `ms` have passed (the command itself is left to finish or fail on its own). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof timedOut> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof timedOut>((resolve) => {
    timer = setTimeout(() => resolve(timedOut), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createResultCache(redis: Redis, indexPrefix: string, options: ResultCacheOptions = {}): ResultCache {
  const ttlSeconds = options.ttlSeconds ?? 30;
  const settleMs = options.settleMs ?? 2000;
  const timeoutMs = options.timeoutMs ?? 50;
  const askedWithin = options.storeAfterAskedWithinSeconds ?? 600;
  const noStore = async (): Promise<void> => undefined;
  return {
    async lookup<T>(key: unknown): Promise<CacheLookup<T>> {
      // While Redis is down or reconnecting, commands wait in the client's queue: skip the cache
      // instead, so an outage costs the cache's speed, not every search's latency.
      if (redis.status !== 'ready') return { value: null, store: noStore };
      try {
        const digest = createHash('sha1').update(JSON.stringify(key)).digest('base64url');
        const asked = askedWithin > 0 ? { askedKey: `${indexPrefix}:search-asked:${digest}`, askedTtlSeconds: askedWithin } : undefined;
        const found = await within(
          readUnderIndexGeneration(redis, indexPrefix, `${indexPrefix}:search-cache:`, `:${digest}`, asked),
          timeoutMs,
        );
        if (found === timedOut) return { value: null, store: noStore };
        const { key: redisKey, msSinceChange, value: hit, askedBefore } = found;
        return {
          value: hit === null ? null : (JSON.parse(hit) as T),
          store:
            msSinceChange < settleMs || (asked !== undefined && !askedBefore)
              ? noStore
              : async (value) => {
                  // Losing a cache write costs only speed, whatever failed (Redis, or a value JSON cannot write).
                  try {
                    await within(
                      redis.set(redisKey, JSON.stringify(value), 'EX', ttlSeconds).catch(() => undefined),
                      timeoutMs,
                    );
                  } catch {
                    // Nothing stored.
                  }
                },
        };
      } catch {
        // A cache that is down is a cache miss, never a failed search.
        return { value: null, store: noStore };
      }
    },
  };
}

/** The cache with each lookup counted as a hit or a miss (the result cache hit ratio); without metrics, the cache itself. */
export function countedLookups(cache: ResultCache, metrics: Pick<Metrics, 'resultCache'> | undefined): ResultCache {
  if (!metrics) return cache;
  return {
    ...cache,
    async lookup<T>(key: unknown): Promise<CacheLookup<T>> {
      const found = await cache.lookup<T>(key);
      metrics.resultCache.inc({ result: found.value === null ? 'miss' : 'hit' });
      return found;
    },
  };
}
