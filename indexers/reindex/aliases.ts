import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { isProductsIndex, productsIndexPattern } from '../../src/core/product-index';

/** Indexes the alias points at now; empty before the first reindex. */
export async function aliasTargets(es: ElasticsearchClient, alias: string): Promise<string[]> {
  const response = await es.indices.getAlias({ name: alias }, { ignore: [404] });
  // A 404 answers with an error body instead of index entries.
  return Object.keys(response).filter((name) => name !== 'error' && name !== 'status');
}

/**
 * Points the alias at `index` and away from every other index in one
 * `_aliases` call: Elasticsearch applies the actions atomically, so each
 * search sees either the old index or the new, never neither.
 */
export async function swapAlias(es: ElasticsearchClient, alias: string, index: string): Promise<string[]> {
  const previous = await aliasTargets(es, alias);
  if (previous.length === 0 && (await es.indices.exists({ index: alias }))) {
    throw new Error(`${alias} is a concrete index, not an alias; delete it (it was probably auto-created) and reindex again`);
  }
  await es.indices.updateAliases({
    actions: [...previous.filter((p) => p !== index).map((p) => ({ remove: { index: p, alias } })), { add: { index, alias } }],
  });
  return previous.filter((p) => p !== index);
}

/**
 * Deletes old products indexes, keeping the one serving and the one it
 * replaced (to swap back to by hand). Names carry a sortable timestamp; only
 * names Agora made are considered, and they are deleted by name because the
 * cluster refuses wildcard deletes.
 */
export async function pruneOldIndexes(
  es: ElasticsearchClient,
  indexPrefix: string,
  serving: string,
  previous: string[],
): Promise<string[]> {
  const all = Object.keys(
    await es.indices.get({
      index: productsIndexPattern(indexPrefix),
      allow_no_indices: true,
      expand_wildcards: 'all',
      features: ['aliases'],
    }),
  )
    .filter((name) => isProductsIndex(indexPrefix, name) && name !== serving)
    .sort()
    .reverse();
  const keep =
    previous
      .filter((p) => all.includes(p))
      .sort()
      .reverse()[0] ?? all.find((name) => name < serving);
  const doomed = all.filter((name) => name !== keep && name < serving);
  if (doomed.length > 0) await es.indices.delete({ index: doomed });
  return doomed;
}
