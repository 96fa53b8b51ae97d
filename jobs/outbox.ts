import type { Knex } from 'knex';
import type { Logger } from '../src/core/logger';
import { listenForOutbox, type OutboxListener, type OutboxListenerOptions } from '../indexers/outbox';
import type { AgoraQueue } from './queue/create-queue';

export type { OutboxListener, OutboxListenerOptions };

/**
 * At most one relay job waits at a time. The waiting relay has a fixed id,
 * `outbox.relay:<generation>`; every wake-up until it starts adds that same id,
 * which Bull ignores (however many workers heard the change, and however long
 * the running relays take: a hanging Elasticsearch no longer queues a job per
 * poll). A relay moves the generation on as it starts, before it claims
 * anything (relayStarting), so a wake-up after that adds the next relay: a
 * commit the running one may have passed by is picked up by the one behind it.
 *
 * Why that is enough: a wake-up that read generation g ran after its commit
 * and before relay g started, so relay g (waiting, or added by this wake-up)
 * claims after the commit.
 */
function generationKey(queue: AgoraQueue): string {
  return queue.toKey('outbox.relay.generation');
}

export function relayJobId(generation: string): string {
  return `outbox.relay:${generation}`;
}

export async function enqueueRelay(queue: AgoraQueue): Promise<void> {
  const generation = (await queue.client.get(generationKey(queue))) ?? '0';
  // Removed when done so no finished job holds an id; the outbox rows, not the job, are the durable record.
  // One attempt: a relay that failed leaves its rows leased or backing off, and the listener's poll wakes the next.
  await queue.add({ type: 'outbox.relay' }, { jobId: relayJobId(generation), removeOnComplete: true, removeOnFail: true, attempts: 1 });
}

/** For the relay job, first thing: later wake-ups queue the relay after this one. */
export async function relayStarting(queue: AgoraQueue): Promise<void> {
  await queue.client.incr(generationKey(queue));
}

/**
 * The outbox's wake-ups (NOTIFY, and the poll behind it) as relay jobs on the
 * queue. For the worker entry: start after the queue is created, stop before closing it.
 */
export function startOutboxListener(
  deps: { db: Knex; queue: AgoraQueue; logger: Logger },
  options: OutboxListenerOptions = {},
): Promise<OutboxListener> {
  return listenForOutbox({ db: deps.db, logger: deps.logger, wake: () => enqueueRelay(deps.queue) }, options);
}
