import type { Knex } from 'knex';
import type Redis from 'ioredis';
import { assignVariant } from '../../ranking/experiments/assignment';
import type { Logger } from '../core/logger';
import { applyDrafts } from '../merchandising/preview';
import { compileSnapshot, type CompiledSnapshot } from '../merchandising/snapshot';
import { followVersion } from '../merchandising/version-follower';
import type { MerchandisingStore } from '../merchandising/store';
import type { ExperimentAssignment, ExperimentSource } from '../search/experiment-source';
import { experimentsVersion, loadRunningExperiments, type Experiment } from './repository';
import { compileTargeting, targets, unitOf, type CompiledTargeting } from './targeting';

export interface ExperimentStoreOptions {
  db: Knex;
  redis: Redis;
  indexPrefix: string;
  logger: Logger;
  /** The live merchandising the variants' drafts apply to. */
  merchandising: MerchandisingStore;
  /** @default 1000 */
  pollIntervalMs?: number;
}

export interface ExperimentStore extends ExperimentSource {
  /** After a write in this process: reload here at once, then tell every other process. */
  changed(stateVersion: string): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

interface Loaded {
  experiment: Experiment;
  split: number[];
  targeting: CompiledTargeting;
  startsAt: number;
  endsAt: number;
}

export const experimentsChannel = (indexPrefix: string) => `${indexPrefix}:experiments`;
const newer = (a: string, b: string | undefined): boolean => b === undefined || BigInt(a) > BigInt(b);

/**
 * The running experiments, in memory in each API process, reloaded whole when
 * experiments_state moves (a Redis message after each write, a one-second poll
 * for lost ones), like the merchandising store. Variant snapshots are compiled
 * on first use per live merchandising version, so a rule changed live reaches
 * every variant too.
 */
export function createExperimentStore(options: ExperimentStoreOptions): ExperimentStore {
  const { db, redis, logger } = options;
  const channel = experimentsChannel(options.indexPrefix);
  let version: string | undefined;
  let running: Loaded[] = [];
  let loading: Promise<void> | null = null;
  let again = false;
  let follower: { close(): Promise<void> } | null = null;
  /** Compiled variant snapshots of one live version: `${experimentId}:${variant}`. */
  let compiled: { live: string; snapshots: Map<string, CompiledSnapshot | null> } = { live: '', snapshots: new Map() };

  const load = (): Promise<void> => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      try {
        do {
          again = false;
          const next = await loadRunningExperiments(db);
          if (version !== undefined && !newer(next.version, version)) continue;
          version = next.version;
          running = next.experiments.map((experiment) => ({
            experiment,
            split: experiment.variants.map((v) => v.share),
            targeting: compileTargeting(experiment.targeting),
            startsAt: experiment.startsAt === null ? -Infinity : Date.parse(experiment.startsAt),
            endsAt: experiment.endsAt === null ? Infinity : Date.parse(experiment.endsAt),
          }));
          compiled = { live: '', snapshots: new Map() };
        } while (again);
      } finally {
        loading = null;
      }
    })();
    return loading;
  };
  const refresh = (reason: string) => {
    load().catch((error: unknown) => logger.warn({ err: error, reason }, 'experiments reload failed; serving the previous ones'));
  };

  const variantSnapshot = (live: CompiledSnapshot, loaded: Loaded, index: number): CompiledSnapshot | null => {
    if (compiled.live !== live.version) compiled = { live: live.version, snapshots: new Map() };
    const key = `${loaded.experiment.id}:${index}`;
    if (!compiled.snapshots.has(key)) {
      const variant = loaded.experiment.variants[index]!;
      try {
        const data = applyDrafts(live.data, variant);
        compiled.snapshots.set(
          key,
          compileSnapshot({ ...data, version: `${live.version}:experiment-${loaded.experiment.id}:${variant.name}` }),
        );
      } catch (error) {
        // A draft that no longer applies (its rule was deleted live): the experiment pauses rather than serve half of it.
        logger.warn({ err: error, experiment: loaded.experiment.id, variant: variant.name }, 'experiment variant no longer applies');
        compiled.snapshots.set(key, null);
      }
    }
    return compiled.snapshots.get(key)!;
  };

  return {
    async assign(request, categoryPaths, now): Promise<ExperimentAssignment | null> {
      if (version === undefined) await load().catch((error: unknown) => logger.warn({ err: error }, 'experiments could not be loaded'));
      if (running.length === 0) return null;
      const unit = unitOf(request);
      if (unit === null) return null;
      for (const loaded of running) {
        if (now < loaded.startsAt || now >= loaded.endsAt || !targets(loaded.targeting, request, categoryPaths)) continue;
        const index = assignVariant(loaded.experiment.id, unit, loaded.split);
        const snapshot = variantSnapshot(await options.merchandising.snapshot(), loaded, index);
        if (snapshot === null) return null;
        return { experiment: { id: loaded.experiment.id, variant: loaded.experiment.variants[index]!.name }, snapshot };
      }
      return null;
    },

    async changed(stateVersion) {
      if (version === undefined || newer(stateVersion, version)) await load();
      await redis.publish(channel, stateVersion).catch((error: unknown) => logger.warn({ err: error }, 'experiments change not published'));
    },

    async start() {
      await load();
      follower = await followVersion({
        redis,
        channel,
        logger,
        what: 'experiments',
        pollIntervalMs: options.pollIntervalMs,
        readVersion: () => experimentsVersion(db),
        isNewer: (v) => newer(v, version),
        onChange: refresh,
      });
    },

    async close() {
      await follower?.close();
      await loading?.catch(() => undefined);
    },
  };
}
