import { reindex } from '../../../../indexers/reindex/reindex';
import { recomputeSignals } from '../../../../indexers/signals/signals';
import { trainRecommendations } from '../../../../jobs/recommendations/train';
import type { Logger } from '../../../core/logger';
import { productsAlias } from '../../../core/product-index';
import { createProgress } from '../../../core/progress';
import type { ScratchWorkspace } from '../scratch-workspace';

export interface BuildTimes {
  trainMs: number;
  indexMs: number;
  documents: number;
}

/**
 * What an operator runs, on the scratch copy: the training run of
 * `agora train` (the same code the worker's job runs), the popularity and
 * trend signals as of the cut, and a full reindex (`agora reindex`), so the
 * index holds exactly the documents the API would serve.
 */
export async function trainAndIndex(scratch: ScratchWorkspace, asOf: number, logger: Logger, quiet: boolean): Promise<BuildTimes> {
  const deps = { db: scratch.db, es: scratch.es, config: scratch.config, logger };
  const started = performance.now();
  const trained = await trainRecommendations(deps, { force: true });
  if (trained.status !== 'trained') throw new Error(`training did not run: ${trained.reason}`);
  const trainMs = performance.now() - started;
  const indexStarted = performance.now();
  await recomputeSignals(scratch.db, { asOf: new Date(asOf) });
  const summary = await reindex(deps, {
    reuseStoredDocuments: false,
    progress: (total) => createProgress({ label: 'eval: index', total, unit: 'products', write: quiet ? () => undefined : undefined }),
  });
  await scratch.es.indices.refresh({ index: productsAlias(scratch.config.indexPrefix) });
  return { trainMs, indexMs: performance.now() - indexStarted, documents: summary.documents };
}
