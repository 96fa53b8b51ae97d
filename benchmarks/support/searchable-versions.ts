import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';

/**
 * The version search sees of each of these products (at most 2,000 asked at once), and when the answer came. A search,
 * not a get: only refreshed data counts, which is what commit-to-searchable lag measures.
 */
export async function searchableVersions(
  es: ElasticsearchClient,
  alias: string,
  ids: readonly string[],
): Promise<{ versions: Map<string, number>; at: number }> {
  const asked = ids.slice(0, 2000);
  const response = await es.search({ index: alias, query: { ids: { values: asked } }, size: asked.length, _source: false, version: true });
  const at = performance.now();
  return { versions: new Map(response.hits.hits.map((hit) => [hit._id!, hit._version ?? 0])), at };
}
