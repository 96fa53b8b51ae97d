import type { Knex } from 'knex';
import type Redis from 'ioredis';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { MerchandisingSource } from '../search/merchandising';
import { compileSnapshot, loadMerchandisingData, type CompiledSnapshot } from './snapshot';
import { followVersion } from './version-follower';

export interface MerchandisingStoreOptions {
  db: Knex;
  redis: Redis;
  indexPrefix: string;
  logger: Logger;
  /** How often to compare versions with Postgres, in case a notification was lost. @default 1000 */
  pollIntervalMs?: number;
}

export interface MerchandisingStore extends MerchandisingSource {
  snapshot(): Promise<CompiledSnapshot>;
  /** After a write in this process: serve it here at once, then tell every other process. */
  changed(stateVersion: string): Promise<void>;
  /** Listens for other processes' changes; without it the store still loads on first use, but never refreshes. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function merchandisingChannel(indexPrefix: string): string {
  return `${indexPrefix}:merchandising`;
}

const newer = (a: string, b: string | undefined): boolean => b === undefined || BigInt(a) > BigInt(b);

/**
 * Each API process keeps the compiled rules, synonyms and weights in memory
 * and swaps them whole when the version in Postgres moves. A write publishes
 * the new version on Redis (a channel per index prefix), so every process
 * reloads within milliseconds; a one-second version poll catches anything a
 * lost message or a Redis outage would have missed.
 */
export function createMerchandisingStore(options: MerchandisingStoreOptions): MerchandisingStore {
  const { db, redis, logger } = options;
  const channel = merchandisingChannel(options.indexPrefix);
  let current: CompiledSnapshot | null = null;
  let loading: Promise<CompiledSnapshot> | null = null;
  let again = false;
  let follower: { close(): Promise<void> } | null = null;
  // Set when the version check or a reload fails, cleared when Postgres answers again: searches say they may be behind.
  let stale = false;

  // One load at a time; a request for a reload during a load runs another
  // right after it, so whatever committed before the request is seen.
  const load = (): Promise<CompiledSnapshot> => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      try {
        do {
          again = false;
          const next = compileSnapshot(await loadMerchandisingData(db));
          if (!current || !newer(current.version, next.version)) current = next;
          stale = false;
        } while (again);
        return current;
      } finally {
        loading = null;
      }
    })();
    return loading;
  };

  const refresh = (reason: string) => {
    load().catch((error: unknown) => {
      stale = true;
      logger.warn({ err: error, reason }, 'merchandising reload failed; serving the previous version');
    });
  };

  return {
    async snapshot() {
      if (current) return current;
      try {
        return await load();
      } catch (error) {
        logger.error({ err: error }, 'merchandising could not be loaded');
        throw new AppError('DATABASE_UNAVAILABLE');
      }
    },

    isStale: () => current !== null && stale,

    async changed(stateVersion) {
      if (!current || newer(stateVersion, current.version)) await load();
      // Losing the notification only delays other processes until their next poll.
      await redis
        .publish(channel, stateVersion)
        .catch((error: unknown) => logger.warn({ err: error }, 'merchandising change not published'));
    },

    async start() {
      follower = await followVersion({
        redis,
        channel,
        logger,
        what: 'merchandising',
        pollIntervalMs: options.pollIntervalMs,
        readVersion: async () => {
          const state = await db('merchandising_state').where({ id: 1 }).first('version');
          return state ? String(state.version) : null;
        },
        // Nothing loaded yet: the first snapshot() loads the newest anyway.
        isNewer: (version) => current !== null && newer(version, current.version),
        onChange: (reason) => current && refresh(reason),
        onPolled: (reachable) => (stale = !reachable),
      });
    },

    async close() {
      await follower?.close();
      await loading?.catch(() => undefined);
    },
  };
}
