import type { Knex } from 'knex';
import type { PoolClient, Notification } from 'pg';
import type { Logger } from '../src/core/logger';
import { outboxBacklog, type OutboxBacklog } from '../indexers/outbox/backlog';
import type { AgoraQueue } from './queue/create-queue';

/** Relay jobs for the same 100 ms share an id, so many workers hearing one change add one job. */
const RELAY_BUCKET_MS = 100;

export function relayJobId(at: number): string {
  return `outbox.relay:${Math.floor(at / RELAY_BUCKET_MS)}`;
}

export async function enqueueRelay(queue: AgoraQueue, at = Date.now()): Promise<void> {
  // Removed on completion so the id is free again; the outbox rows, not the job, are the durable record.
  await queue.add({ type: 'outbox.relay' }, { jobId: relayJobId(at), removeOnComplete: true, removeOnFail: true, attempts: 3 });
}

/** Enqueues a relay when changes are waiting. Cheap enough to run every second. */
export async function sweepOutbox(deps: { db: Knex; queue: AgoraQueue }): Promise<OutboxBacklog & { enqueued: boolean }> {
  const backlog = await outboxBacklog(deps.db);
  if (backlog.depth > 0) await enqueueRelay(deps.queue);
  return { ...backlog, enqueued: backlog.depth > 0 };
}

export interface OutboxListenerOptions {
  /** How often to look for pending changes anyway (lost notification, Redis restart). @default 1000 */
  pollIntervalMs?: number;
  /** Pause before listening again after the connection broke. @default 1000 */
  reconnectDelayMs?: number;
}

export interface OutboxListener {
  stop(): Promise<void>;
}

/**
 * The low-latency path from a commit to the relay: LISTEN for the outbox
 * trigger's NOTIFY and enqueue a relay job. Notifications are a hint, not
 * the record: a poll enqueues a relay whenever rows are pending, so a missed
 * notification or a restarted Redis costs at most one poll interval.
 *
 * For the worker entry: `const listener = await startOutboxListener({ db, queue, logger })`
 * after the queue is created, and `await listener.stop()` before closing it.
 */
export async function startOutboxListener(
  deps: { db: Knex; queue: AgoraQueue; logger: Logger },
  options: OutboxListenerOptions = {},
): Promise<OutboxListener> {
  const { db, queue, logger } = deps;
  let stopped = false;
  let connection: PoolClient | undefined;
  let lastBucket = -1;
  let trailing: NodeJS.Timeout | undefined;

  const enqueue = (): void => {
    const now = Date.now();
    const bucket = Math.floor(now / RELAY_BUCKET_MS);
    if (bucket !== lastBucket) {
      lastBucket = bucket;
      enqueueRelay(queue, now).catch((error: unknown) => logger.warn({ err: error }, 'could not enqueue outbox relay'));
      return;
    }
    // This bucket's job may already be past its last claim: make sure one starts after this commit.
    trailing ??= setTimeout(() => {
      trailing = undefined;
      enqueue();
    }, RELAY_BUCKET_MS - (now % RELAY_BUCKET_MS) + 1);
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
        if (message.channel === 'agora_search_outbox' && message.payload === schema) enqueue();
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

  await listen();
  const poll = setInterval(() => {
    sweepOutbox({ db, queue }).catch((error: unknown) => logger.warn({ err: error }, 'outbox poll failed'));
  }, options.pollIntervalMs ?? 1000);
  // Changes may have piled up while no worker was running.
  await sweepOutbox({ db, queue });

  return {
    async stop() {
      stopped = true;
      clearInterval(poll);
      if (trailing) clearTimeout(trailing);
      const client = connection;
      connection = undefined;
      if (client) {
        await client.query('unlisten *').catch(() => undefined);
        await db.client.releaseConnection(client);
      }
    },
  };
}
