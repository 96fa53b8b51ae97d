import Queue from 'bull';
import type { Config } from '../../src/core/config';
import type { AgoraJob } from './agora-job';

export type AgoraQueue = Queue.Queue<AgoraJob>;

/**
 * Agora's Bull queue. One queue carries every job type: the worker process
 * dispatches on `type`, and tests pass their own prefix so runs never meet.
 */
export function createQueue(config: Pick<Config, 'redisUrl' | 'queuePrefix'>, name = 'agora'): AgoraQueue {
  return new Queue<AgoraJob>(name, config.redisUrl, {
    prefix: config.queuePrefix,
    defaultJobOptions: { removeOnComplete: 100, removeOnFail: 500, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
  });
}
