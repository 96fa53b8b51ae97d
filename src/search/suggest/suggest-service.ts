import type { Client as ElasticsearchClient, estypes } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { productPassesKeyFilters, type FilteredProduct, type KeyFilters } from '../../auth/key-filters';
import { normalize, plainText } from '../../core/text';
import type { CatalogDirectory } from '../catalog/catalog-directory';
import { fuzzinessFor } from '../../../ranking/query/query-text';
import { querySuggestionsStartingWith, type QuerySuggestionSettings } from './popular-queries';
import { matchesPrefix } from './prefix-match';
import { highlightRanges, type Range } from './highlight-ranges';

export interface Suggestions {
  query: string;
  queries: Array<{ text: string; searches: number }>;
  products: ProductSuggestion[];
  categories: Array<{ id: string; text: string }>;
  brands: Array<{ id: string; text: string }>;
  tookMs: number;
}

export interface ProductSuggestion {
  id: string;
  /** The completion input that matched, as indexed (lower case, no punctuation); kept for older clients. */
  text: string;
  /** The product's own title: the English one, or the Chinese one when that is the title the completion matched. */
  title: string;
  /** UTF-16 [start, end) ranges of `title` that match the words typed (highlight-ranges.ts). */
  highlight: Range[];
  imageUrl: string | null;
  price: number;
  currency: string;
}

/** What a product suggestion reads from its document; the key-filter fields are read for restricted keys. */
type SuggestSource = FilteredProduct & {
  title_en: string | null;
  title_zh: string | null;
  image_url: string | null;
  price: number;
  currency: string;
};

const suggestSourceFields = ['title_en', 'title_zh', 'image_url', 'price', 'currency', 'merchant.id', 'brand.id', 'category.ids'];

const HAN = /\p{Script=Han}/u;

/**
 * The title to show: the Chinese one when Chinese was typed and the
 * completion matched that title (inputs are the titles, and the English
 * one's tails, in plainText form), else the English one. A Latin prefix
 * such as a brand may match either input; it shows the English title.
 */
function titleOf(source: SuggestSource, input: string, typed: string): string {
  if (source.title_zh !== null && HAN.test(typed) && plainText(source.title_zh) === input) return source.title_zh;
  return source.title_en ?? source.title_zh ?? input;
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
 * Completions read per product suggestion asked for, under a customer key with
 * filters: the completion suggester cannot filter, so it is asked for more and
 * the products the key may not see are dropped (a narrow key may get fewer).
 */
export const restrictedOverFetch = 10;
const restrictedMaxCompletions = 200;

/**
 * As-you-type suggestions from four sources at once: popular queries from
 * the search log that enough distinct shoppers searched and merchandisers'
 * additions, minus their bans; product titles (Elasticsearch completion, typo-tolerant),
 * and category and brand names (in memory).
 */
export function createSuggestService(deps: SuggestServiceDeps) {
  return {
    /** `restriction`: a customer key's filters; only products it may see are suggested, and only its categories and brands. */
    async suggest(q: string, size: number, restriction: KeyFilters | null = null): Promise<Suggestions> {
      const started = Date.now();
      const prefix = normalize(q);
      // The completion field matches the last word fuzzily by its length, like search does.
      const lastWord = prefix.split(' ').pop() ?? '';
      const fuzzy = fuzzinessFor(lastWord) > 0 ? { fuzzy: { fuzziness: 1, prefix_length: 1, min_length: 4 } } : {};
      const [queries, completion, categories, brands] = await Promise.all([
        querySuggestionsStartingWith(deps.db, prefix, size, deps.queries),
        deps.es.search({
          index: deps.index,
          _source: { includes: suggestSourceFields },
          suggest: {
            products: {
              prefix,
              completion: {
                field: 'suggest',
                size: restriction === null ? size : Math.min(restrictedMaxCompletions, size * restrictedOverFetch),
                skip_duplicates: true,
                ...fuzzy,
              },
            },
          },
        }) as Promise<estypes.SearchResponse<SuggestSource>>,
        deps.catalog.all(),
        deps.catalog.brands(),
      ]);
      const options = ((completion.suggest?.products?.[0]?.options ?? []) as Array<estypes.SearchCompletionSuggestOption<SuggestSource>>)
        .filter((o) => o._source !== undefined && productPassesKeyFilters(o._source, restriction))
        .slice(0, size);
      return {
        query: q,
        queries: queries.map((r) => ({ text: r.text, searches: r.searches })),
        products: options.map((o) => {
          const source = o._source!;
          const title = titleOf(source, o.text, q);
          return {
            id: o._id!,
            text: o.text,
            title,
            highlight: highlightRanges(title, q),
            imageUrl: source.image_url,
            price: source.price,
            currency: source.currency,
          };
        }),
        categories: categories
          .filter(
            (c) =>
              restriction === null || restriction.categoryIds.length === 0 || c.path.some((id) => restriction.categoryIds.includes(id)),
          )
          .filter((c) => matchesPrefix(c.nameEn, prefix) || (c.nameZh !== null && matchesPrefix(c.nameZh, prefix)))
          .slice(0, size)
          .map((c) => ({ id: c.id, text: matchesPrefix(c.nameEn, prefix) ? c.nameEn : c.nameZh! })),
        brands: brands
          .filter((b) => restriction === null || restriction.brandIds.length === 0 || restriction.brandIds.includes(b.id))
          .filter((b) => matchesPrefix(b.name, prefix))
          .slice(0, size)
          .map((b) => ({ id: b.id, text: b.name })),
        tookMs: Date.now() - started,
      };
    },
  };
}

export type SuggestService = ReturnType<typeof createSuggestService>;
