import type { estypes } from '@elastic/elasticsearch';
import { keyFilterClauses, type KeyFilters } from '../../auth/key-filters';
import { tileSourceFields } from '../body/build-body';

/** What the product page reads beyond a tile. */
export const productSourceFields = [...tileSourceFields, 'description_en', 'description_zh'];

/**
 * One product by id, under the same visibility as a search: only a visible
 * product (active, its merchant open) and only within a customer key's
 * filters. Hidden, deleted and closed-merchant products match nothing.
 */
export function buildProductLookupBody(index: string, productId: string, keyFilters: KeyFilters | null): estypes.SearchRequest {
  return {
    index,
    query: { bool: { filter: [{ ids: { values: [productId] } }, { term: { visible: true } }, ...keyFilterClauses(keyFilters)] } },
    size: 1,
    track_total_hits: false,
    _source: { includes: productSourceFields },
  };
}
