import type { Knex } from 'knex';
import type { Logger } from '../src/core/logger';
import { listenForOutbox, WAKE_WINDOW_MS, type OutboxListener, type OutboxListenerOptions } from '../indexers/outbox';
import type { AgoraQueue } from './queue/create-queue';

export type { OutboxListener, OutboxListenerOptions };

/** Relay jobs for one wake-up window share an id, so many workers hearing one change add one job. */
export function relayJobId(at: number): string {
  return `outbox.relay:${Math.floor(at / WAKE_WINDOW_MS)}`;
}

export async function enqueueRelay(queue: AgoraQueue, at = Date.now()): Promise<void> {
  // Removed on completion so the id is free again; the outbox rows, not the job, are the durable record.
  await queue.add({ type: 'outbox.relay' }, { jobId: relayJobId(at), removeOnComplete: true, removeOnFail: true, attempts: 3 });
}

/**
 * The outbox's wake-ups (NOTIFY, and the poll behind it) as relay jobs on the
 * queue. For the worker entry: start after the queue is created, stop before closing it.
 */
export function startOutboxListener(
  deps: { db: Knex; queue: AgoraQueue; logger: Logger },
  options: OutboxListenerOptions = {},
): Promise<OutboxListener> {
  return listenForOutbox({ db: deps.db, logger: deps.logger, wake: (at) => enqueueRelay(deps.queue, at) }, options);
}
