import type Redis from 'ioredis';
import type { Logger } from '../core/logger';

export type FollowReason = 'notified' | 'resubscribed' | 'polled';

export interface VersionFollowerOptions {
  redis: Redis;
  /** The Redis channel writers publish the new state version on. */
  channel: string;
  logger: Logger;
  /** Names the state in log lines ("merchandising", "experiments"). */
  what: string;
  /** The state version Postgres holds now, read on every poll. */
  readVersion: () => Promise<string | null>;
  /** Whether a version is newer than what this process serves. */
  isNewer: (version: string) => boolean;
  /** A newer state may exist: reload it. */
  onChange: (reason: FollowReason) => void;
  /** After each poll: whether Postgres answered (false: the process serves what it has, now stale). */
  onPolled?: (reachable: boolean) => void;
  /** How often to compare versions with Postgres, in case a notification was lost. @default 1000 */
  pollIntervalMs?: number;
}

/**
 * Keeps a process's copy of a versioned state (merchandising, experiments)
 * in step with Postgres: a Redis notification from the writing process
 * reloads it at once; after a reconnect the messages sent meanwhile are gone,
 * so it reloads then too; a poll of the version catches a lost notification.
 */
export async function followVersion(options: VersionFollowerOptions): Promise<{ close(): Promise<void> }> {
  const { logger, what } = options;
  const subscriber = options.redis.duplicate();
  subscriber.on('message', (_channel: string, version: string) => {
    if (/^\d+$/.test(version) && options.isNewer(version)) options.onChange('notified');
  });
  subscriber.on('ready', () => options.onChange('resubscribed'));
  subscriber.on('error', (error: unknown) => logger.warn({ err: error }, `${what} subscriber error`));
  await subscriber.subscribe(options.channel);
  const timer = setInterval(async () => {
    try {
      const version = await options.readVersion();
      if (version !== null && options.isNewer(version)) options.onChange('polled');
      else options.onPolled?.(true);
    } catch (error) {
      options.onPolled?.(false);
      logger.warn({ err: error }, `${what} version check failed`);
    }
  }, options.pollIntervalMs ?? 1000);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await subscriber.quit().catch(() => undefined);
    },
  };
}
