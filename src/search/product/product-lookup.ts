import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { KeyFilters } from '../../auth/key-filters';
import { notFound } from '../../core/errors';
import { buildProductLookupBody } from './lookup-body';
import { shapeProduct, type ProductDetail, type ProductSource } from './shape-product';

export interface ProductLookup {
  /** The product a shopper may see, or NOT_FOUND (unknown, hidden, deleted, its merchant closed, outside the key's filters). */
  product(productId: string, keyFilters: KeyFilters | null): Promise<{ product: ProductDetail }>;
}

/** Reads one product from Elasticsearch (one call), so it answers exactly what searches may show. */
export function createProductLookup(deps: { es: ElasticsearchClient; index: string }): ProductLookup {
  return {
    async product(productId, keyFilters) {
      const response = await deps.es.search<ProductSource>(buildProductLookupBody(deps.index, productId, keyFilters));
      const hit = response.hits.hits[0];
      if (!hit?._source) throw notFound('Product');
      return { product: shapeProduct(hit) };
    },
  };
}
