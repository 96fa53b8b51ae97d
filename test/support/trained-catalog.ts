import { relayOutbox } from '../../indexers/outbox/relay';
import { trainRecommendations, type TrainResult } from '../../jobs/recommendations/train';
import { createLogger } from '../../src/core/logger';
import { productsAlias } from '../../src/core/product-index';
import type { TestEnvironment } from './environment';
import { loadSearchCatalog } from './search-catalog';
import { loadScenario } from './recommendation-scenario';

export const silentLogger = createLogger({ logLevel: 'silent', logFormat: 'json' });

export function trainDeps(env: TestEnvironment) {
  return { db: env.db, es: env.es, config: env.config, logger: silentLogger };
}

/** Writes every pending outbox change to Elasticsearch and makes it searchable, as a worker would. */
export async function relayAll(env: TestEnvironment): Promise<void> {
  for (let more = true; more;) more = (await relayOutbox(trainDeps(env))).more;
  await env.es.indices.refresh({ index: productsAlias(env.config.indexPrefix) });
}

/**
 * The search fixture catalogue, the scenario's history, one training run, its
 * documents indexed. `extraHistory` runs after the catalogue is loaded and
 * before training (order lines need their products).
 */
export async function prepareTrainedCatalog(env: TestEnvironment, extraHistory?: () => Promise<void>): Promise<TrainResult> {
  await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
  await loadScenario(env.db);
  await extraHistory?.();
  const result = await trainRecommendations(trainDeps(env));
  await relayAll(env);
  return result;
}
