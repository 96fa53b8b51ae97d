import type { Logger } from '../src/core/logger';
import { missingRepeatableJobs, scheduleRepeatableJobs } from './register';
import type { AgoraQueue } from './queue/create-queue';

export interface RepeatableWatch {
  /** One check now: re-registers the schedules Redis lost; the job types re-added. */
  check(): Promise<string[]>;
  stop(): void;
}

/**
 * Keeps the repeatable jobs registered while the worker runs. Their schedules
 * live only in Redis: a Redis restarted empty (or failed over to a replica
 * that never had them) lost every one until a worker restart, leaving
 * cleanup, signals, training and popular queries silently unscheduled (#22).
 * Each worker checks on an interval and whenever its Redis connection is
 * ready again; re-registering is idempotent, so several workers may race.
 */
export function keepRepeatableJobsRegistered(options: { queue: AgoraQueue; logger: Logger; intervalMs: number }): RepeatableWatch {
  const { queue, logger } = options;
  let running: Promise<string[]> | null = null;

  const check = (): Promise<string[]> =>
    (running ??= (async () => {
      const missing = await missingRepeatableJobs(queue);
      if (missing.length > 0) {
        await scheduleRepeatableJobs(queue);
        logger.warn({ jobs: missing }, 'repeatable jobs were missing from Redis; registered them again');
      }
      return missing;
    })().finally(() => {
      running = null;
    }));

  const checkQuietly = () => {
    check().catch((error: unknown) => logger.warn({ err: error }, 'repeatable jobs check failed; trying again later'));
  };
  const timer = setInterval(checkQuietly, options.intervalMs);
  timer.unref();
  // After a reconnect, Redis may be a fresh one.
  queue.client.on('ready', checkQuietly);

  return {
    check,
    stop() {
      clearInterval(timer);
      queue.client.off('ready', checkQuietly);
    },
  };
}
