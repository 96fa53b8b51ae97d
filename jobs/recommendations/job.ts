import type Queue from 'bull';
import { LockBusyError } from '../../src/core/advisory-lock';
import type { AgoraJob } from '../queue/agora-job';
import { trainRecommendations, type TrainDeps, type TrainProgress, type TrainResult, type TrainStage } from './train';

/** Share of the job's progress bar each stage fills. */
const stageSpan: Record<TrainStage, [from: number, to: number]> = { load: [0, 40], compute: [40, 85], write: [85, 100] };

/**
 * The `recs.train` job: a training run whose progress moves Bull's progress
 * bar. The model parts compute in child processes, so this process keeps
 * renewing the job's lock and working on other jobs meanwhile.
 */
export async function trainJob(
  deps: TrainDeps,
  job: Extract<AgoraJob, { type: 'recs.train' }>,
  bullJob?: Queue.Job<AgoraJob>,
): Promise<TrainResult | { status: 'skipped'; reason: string }> {
  const progress: TrainProgress = {
    stage(stage, total) {
      const [from, to] = stageSpan[stage];
      let count = 0;
      let reported = -1;
      const report = (percent: number) => {
        if (percent === reported) return;
        reported = percent;
        void bullJob?.progress(percent).catch(() => undefined);
      };
      report(from);
      return {
        tick(n = 1) {
          count += n;
          report(Math.floor(from + ((to - from) * Math.min(count, total)) / Math.max(1, total)));
        },
        done: () => report(to),
      };
    },
  };
  try {
    const result = await trainRecommendations(deps, { force: job.force === true, progress });
    deps.logger.info(
      result.status === 'trained'
        ? { modelVersion: result.modelVersion, totalMs: Math.round(result.metrics.totalMs), write: result.metrics.write }
        : result,
      'recs.train',
    );
    return result;
  } catch (error) {
    // Another run (the CLI or a second worker) holds the lock: the model is being trained already.
    if (error instanceof LockBusyError) return { status: 'skipped', reason: 'a training run is already in progress' };
    throw error;
  }
}
