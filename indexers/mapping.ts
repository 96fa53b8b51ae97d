import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { productMappings } from '../src/search/product-index';

/**
 * Adds the fields today's documents carry to the index the alias serves, if
 * it was built by older code: the mapping is strict, so without them every
 * document the relay or a training run writes would be rejected until the
 * next reindex. Adding fields to a mapping is allowed on a live index and
 * changes nothing for documents already there (a reindex fills the new fields
 * in for them; `agora reindex --if-missing` does it when the version differs).
 * A field whose definition changed cannot be updated this way: that throws,
 * and only a reindex helps. Idempotent.
 */
export async function ensureProductMapping(es: ElasticsearchClient, alias: string): Promise<'updated' | 'no index'> {
  if (!(await es.indices.existsAlias({ name: alias }))) return 'no index';
  if (productMappings.properties?.recommendations === undefined) throw new Error('the product mapping has no recommendations field');
  await es.indices.putMapping({ index: alias, properties: productMappings.properties });
  return 'updated';
}
