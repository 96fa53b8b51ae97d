import type { Knex } from 'knex';
import type { Notification, PoolClient } from 'pg';
import type { Logger } from '../../src/core/logger';
import { hasClaimableRows } from './claim';
import { relayPause } from './pause';

/** Wake-ups within one such window are one: many commits in a burst start one relay, not one each. */
export const WAKE_WINDOW_MS = 100;

export interface OutboxListenerDeps {
  db: Knex;
  logger: Logger;
  /**
   * Starts a relay (the worker enqueues a job). Called at most once per
   * WAKE_WINDOW_MS, and again after a window in which wake-ups were
   * coalesced. `at` is the wake-up's time, for callers that key on the window.
   */
  wake: (at: number) => Promise<void>;
}

export interface OutboxListenerOptions {
  /**
   * How often to look for claimable rows whatever the notifications said:
   * the pause between the end of one poll and the start of the next, so a
   * slow Postgres never has two polls of one listener at once. @default 1000
   */
  pollIntervalMs?: number;
  /** Pause before listening again after the connection broke. @default 1000 */
  reconnectDelayMs?: number;
}

export interface OutboxListener {
  stop(): Promise<void>;
}

/**
 * Wakes a relay when outbox rows are waiting. NOTIFY from the outbox trigger
 * is the primary signal: it arrives at commit, so the relay starts within
 * milliseconds. It is a hint, not the record, so one fallback backs it: a
 * poll, from this process, of Postgres itself (are there claimable rows?).
 *
 * Why the poll and not a repeatable queue job (the `outbox.sweep` job there
 * was): the poll asks the durable record and lives in the process that needs
 * waking, so it covers all three ways a wake-up gets lost: a notification
 * dropped (or sent while no one listened), the LISTEN connection broken and
 * reconnecting (the poll does not use it), and Redis restarted or flushed,
 * which takes queued relay jobs with it and would take a repeatable sweep's
 * schedule too, until some worker restarts. It also wakes a relay when a
 * crashed worker's lease or a failed pass's backoff runs out, which no
 * notification announces. The cost is two index probes per second per worker
 * (hasClaimableRows), whatever the size of the outbox.
 *
 * While the relay of this process is paused (Elasticsearch could not be
 * reached; see pause.ts) the listener wakes nothing and does not poll: a
 * relay would return at once. The first poll after the pause wakes one.
 */
export async function listenForOutbox(deps: OutboxListenerDeps, options: OutboxListenerOptions = {}): Promise<OutboxListener> {
  const { db, logger } = deps;
  let stopped = false;
  let connection: PoolClient | undefined;
  let lastWindow = -1;
  let trailing: NodeJS.Timeout | undefined;

  const wake = (): void => {
    if (stopped || relayPause(db) !== undefined) return;
    const now = Date.now();
    const window = Math.floor(now / WAKE_WINDOW_MS);
    if (window !== lastWindow) {
      lastWindow = window;
      deps.wake(now).catch((error: unknown) => logger.warn({ err: error }, 'could not wake the outbox relay'));
      return;
    }
    // The relay this window woke may be past its last claim already: wake one after this commit too.
    trailing ??= setTimeout(
      () => {
        trailing = undefined;
        wake();
      },
      WAKE_WINDOW_MS - (now % WAKE_WINDOW_MS) + 1,
    );
  };

  const poll = async (): Promise<void> => {
    if (relayPause(db) !== undefined) return;
    if (await hasClaimableRows(db)) wake();
  };

  const listen = async (): Promise<void> => {
    const client = (await db.client.acquireConnection()) as PoolClient;
    try {
      // The schema the outbox trigger names in its payload: where this connection finds search_outbox.
      const { rows } = await client.query<{ schema: string }>(
        "select n.nspname as schema from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = 'search_outbox'::regclass",
      );
      const schema = rows[0]?.schema;
      client.on('notification', (message: Notification) => {
        if (message.channel === 'agora_search_outbox' && message.payload === schema) wake();
      });
      client.on('error', (error: Error) => {
        logger.warn({ err: error }, 'outbox listener connection failed; listening again');
        void reconnect(client);
      });
      await client.query('listen agora_search_outbox');
      connection = client;
    } catch (error) {
      await Promise.resolve(db.client.releaseConnection(client)).catch(() => undefined);
      throw error;
    }
  };

  const reconnect = async (broken: PoolClient): Promise<void> => {
    if (connection !== broken) return;
    connection = undefined;
    await Promise.resolve(db.client.releaseConnection(broken)).catch(() => undefined);
    while (!stopped && connection === undefined) {
      await new Promise((resolve) => setTimeout(resolve, options.reconnectDelayMs ?? 1000));
      if (stopped) return;
      await listen().catch((error: unknown) => logger.warn({ err: error }, 'outbox listener could not reconnect'));
    }
  };

  // One poll at a time: the next is scheduled when the last has finished, however long Postgres took.
  let poller: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();
  const schedulePoll = (): void => {
    if (stopped) return;
    poller = setTimeout(() => {
      polling = poll()
        .catch((error: unknown) => logger.warn({ err: error }, 'outbox poll failed'))
        .finally(schedulePoll);
    }, options.pollIntervalMs ?? 1000);
  };

  await listen();
  // Changes may have piled up while no worker was running.
  await poll();
  schedulePoll();

  return {
    async stop() {
      stopped = true;
      clearTimeout(poller);
      if (trailing) clearTimeout(trailing);
      // A poll under way finishes before the caller closes the pool it uses.
      await polling;
      const client = connection;
      connection = undefined;
      if (client) {
        await client.query('unlisten *').catch(() => undefined);
        await db.client.releaseConnection(client);
      }
    },
  };
}
