import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { productMappings } from '../../src/search/product-index';

/**
 * Adds the recommendation fields to the index the alias serves, if it was
 * built before they existed. The mapping is strict, so without them every
 * document carrying the lists would be rejected; adding fields to a mapping
 * is allowed on a live index and changes nothing for existing documents.
 * Idempotent. A fresh reindex creates them anyway.
 */
export async function ensureRecommendationMapping(es: ElasticsearchClient, alias: string): Promise<'updated' | 'no index'> {
  if (!(await es.indices.existsAlias({ name: alias }))) return 'no index';
  const recommendations = productMappings.properties?.recommendations;
  if (recommendations === undefined) throw new Error('the product mapping has no recommendations field');
  await es.indices.putMapping({ index: alias, properties: { recommendations } });
  return 'updated';
}
