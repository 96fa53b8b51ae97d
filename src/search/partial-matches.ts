import type { estypes } from '@elastic/elasticsearch';
import type { AnalyzedQuery } from '../../ranking/query/query-text';
import { mayMatchFewerWords } from './body/text-query';
import type { SearchRequest } from './request/params';
import { toTile, type ProductTile, type Tile } from './shape-response';

/**
 * Partial matches: when a query's words fill less than the first page, the products matching some of them follow the
 * results (SearchResult.partialMatches), from one more search that needs fewer of the words (execute.ts).
 */

/**
 * Whether the page is worth filling with partial matches: its products (`total`, pins counted) are less than a page, on
 * the first page in relevance order, and there are words to drop (at least two units: a glued model code or a phrase
 * with synonyms is one, whose fewer-words query finds what the query found, for one more request). A shopper who asked
 * for "black yoga mats" where one exists sees it first, then the other yoga mats, rather than a page with one product.
 */
export function mayFillWithPartialMatches(request: SearchRequest, query: AnalyzedQuery, total: number): boolean {
  return (
    total > 0 &&
    total < request.size &&
    request.page === 1 &&
    request.cursor === null &&
    request.sort === 'relevance' &&
    mayMatchFewerWords(query)
  );
}

/**
 * The partial matches not already shown, best first, up to what the page has room for. When the query names a kind of
 * product (its `productType`: the categories it asks for), only products of that kind: "red running shoes" goes on
 * with other running shoes, never with a red yoga mat that matched the colour alone.
 */
export function partialMatchTiles(
  hits: ReadonlyArray<estypes.SearchHit<Tile>>,
  shown: readonly ProductTile[],
  size: number,
  typeCategoryIds: readonly string[],
): ProductTile[] {
  const ids = new Set(shown.map((h) => h.id));
  const types = new Set(typeCategoryIds);
  const room = Math.max(0, size - shown.length);
  return hits
    .filter((hit) => hit._source !== undefined && !ids.has(hit._source.id))
    .filter((hit) => types.size === 0 || hit._source!.category.ids.some((id) => types.has(id)))
    .slice(0, room)
    .map(toTile);
}
