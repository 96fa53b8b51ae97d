import type { Client as ElasticsearchClient, estypes } from '@elastic/elasticsearch';
import { productMappings } from '../src/core/product-index';

type Properties = Record<string, estypes.MappingProperty>;

/**
 * The properties of `wanted` that `current` lacks, descending into object
 * fields, so that only new fields are sent: a field whose definition changed
 * is left alone (only a reindex can change it) instead of failing the whole
 * update. Pure.
 */
export function missingProperties(wanted: Properties, current: Properties): Properties {
  const missing: Properties = {};
  for (const [name, property] of Object.entries(wanted)) {
    const existing = current[name];
    if (existing === undefined) {
      missing[name] = property;
      continue;
    }
    const inner = 'properties' in property ? property.properties : undefined;
    const existingInner = 'properties' in existing ? existing.properties : undefined;
    if (inner && existingInner) {
      const nested = missingProperties(inner, existingInner);
      if (Object.keys(nested).length > 0) missing[name] = { properties: nested };
    }
  }
  return missing;
}

/**
 * Adds the fields today's documents carry to the index the alias serves, if
 * it was built by older code: the mapping is strict, so without them every
 * document the relay or a training run writes would be rejected until the
 * next reindex. Only missing fields are sent (adding fields is allowed on a
 * live index and changes nothing for documents already there; a reindex fills
 * them in, and `agora reindex --if-missing` runs one when the version
 * differs). Idempotent.
 */
export async function ensureProductMapping(es: ElasticsearchClient, alias: string): Promise<'updated' | 'up to date' | 'no index'> {
  if (!(await es.indices.existsAlias({ name: alias }))) return 'no index';
  const mappings = await es.indices.getMapping({ index: alias });
  const current = (Object.values(mappings)[0]?.mappings.properties ?? {}) as Properties;
  const missing = missingProperties((productMappings.properties ?? {}) as Properties, current);
  if (Object.keys(missing).length === 0) return 'up to date';
  await es.indices.putMapping({ index: alias, properties: missing });
  return 'updated';
}
