import type { Client as ElasticsearchClient, estypes } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { normalize } from '../../core/text';
import type { CatalogDirectory } from '../catalog/catalog-directory';
import { fuzzinessFor } from '../../../ranking/query/query-text';
import { querySuggestionsStartingWith, type QuerySuggestionSettings } from './popular-queries';
import { matchesPrefix } from './prefix-match';

export interface Suggestions {
  query: string;
  queries: Array<{ text: string; searches: number }>;
  products: Array<{ id: string; text: string }>;
  categories: Array<{ id: string; text: string }>;
  brands: Array<{ id: string; text: string }>;
  tookMs: number;
}

export interface SuggestServiceDeps {
  es: ElasticsearchClient;
  db: Knex;
  index: string;
  catalog: CatalogDirectory;
  /** When a popular query is offered (SUGGEST_MIN_SEARCHERS). */
  queries: QuerySuggestionSettings;
}

/**
 * As-you-type suggestions from four sources at once: popular queries from
 * the search log that enough distinct shoppers searched and merchandisers'
 * additions, minus their bans; product titles (Elasticsearch completion, typo-tolerant),
 * and category and brand names (in memory).
 */
export function createSuggestService(deps: SuggestServiceDeps) {
  return {
    async suggest(q: string, size: number): Promise<Suggestions> {
      const started = Date.now();
      const prefix = normalize(q);
      // The completion field matches the last word fuzzily by its length, like search does.
      const lastWord = prefix.split(' ').pop() ?? '';
      const fuzzy = fuzzinessFor(lastWord) > 0 ? { fuzzy: { fuzziness: 1, prefix_length: 1, min_length: 4 } } : {};
      const [queries, completion, categories, brands] = await Promise.all([
        querySuggestionsStartingWith(deps.db, prefix, size, deps.queries),
        deps.es.search({
          index: deps.index,
          _source: false,
          suggest: { products: { prefix, completion: { field: 'suggest', size, skip_duplicates: true, ...fuzzy } } },
        }) as Promise<estypes.SearchResponse<never>>,
        deps.catalog.all(),
        deps.catalog.brands(),
      ]);
      const options = (completion.suggest?.products?.[0]?.options ?? []) as estypes.SearchCompletionSuggestOption[];
      return {
        query: q,
        queries: queries.map((r) => ({ text: r.text, searches: r.searches })),
        products: options.map((o) => ({ id: o._id!, text: o.text })),
        categories: categories
          .filter((c) => matchesPrefix(c.nameEn, prefix) || (c.nameZh !== null && matchesPrefix(c.nameZh, prefix)))
          .slice(0, size)
          .map((c) => ({ id: c.id, text: matchesPrefix(c.nameEn, prefix) ? c.nameEn : c.nameZh! })),
        brands: brands
          .filter((b) => matchesPrefix(b.name, prefix))
          .slice(0, size)
          .map((b) => ({ id: b.id, text: b.name })),
        tookMs: Date.now() - started,
      };
    },
  };
}

export type SuggestService = ReturnType<typeof createSuggestService>;
