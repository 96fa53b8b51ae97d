import type { estypes } from '@elastic/elasticsearch';
import { anyValue } from '../../src/core/product-index';
import type { ProductFilter } from './types';

type Query = estypes.QueryDslQueryContainer;

/** The Elasticsearch clause for a rule's product filter: keys AND-ed, values of a key OR-ed, as the storefront's filters. */
export function productFilterQuery(filter: ProductFilter): Query {
  const clauses: Query[] = [];
  if (filter.productIds?.length) clauses.push({ terms: { id: filter.productIds } });
  if (filter.brandIds?.length) clauses.push({ terms: { 'brand.id': filter.brandIds } });
  if (filter.categoryIds?.length) clauses.push({ terms: { 'category.ids': filter.categoryIds } });
  if (filter.merchantIds?.length) clauses.push({ terms: { 'merchant.id': filter.merchantIds } });
  for (const [key, values] of Object.entries(filter.attributes ?? {}))
    if (values.length > 0) clauses.push(anyValue(`attributes.${key}`, values));
  if (filter.price && (filter.price.min !== undefined || filter.price.max !== undefined)) {
    clauses.push({
      range: {
        price: {
          ...(filter.price.min === undefined ? {} : { gte: filter.price.min }),
          ...(filter.price.max === undefined ? {} : { lte: filter.price.max }),
        },
      },
    });
  }
  if (clauses.length === 0) return { match_all: {} };
  return clauses.length === 1 ? clauses[0]! : { bool: { filter: clauses } };
}

/** The document fields a product filter reads. */
export interface FilterableProduct {
  id: string;
  brand: { id: string } | null;
  category: { ids: string[] };
  merchant: { id: string };
  attributes: Record<string, string[] | string>;
  price: number;
}

/**
 * The same filter evaluated on a document's source: the preview uses it to
 * say which boosts touched a hit. Must agree with productFilterQuery.
 */
export function productFilterMatches(filter: ProductFilter, product: FilterableProduct): boolean {
  if (filter.productIds?.length && !filter.productIds.includes(product.id)) return false;
  if (filter.brandIds?.length && !(product.brand && filter.brandIds.includes(product.brand.id))) return false;
  if (filter.categoryIds?.length && !filter.categoryIds.some((id) => product.category.ids.includes(id))) return false;
  if (filter.merchantIds?.length && !filter.merchantIds.includes(product.merchant.id)) return false;
  for (const [key, values] of Object.entries(filter.attributes ?? {})) {
    if (values.length === 0) continue;
    const raw = product.attributes[key];
    const have = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.toLowerCase());
    if (!values.some((v) => have.includes(v.toLowerCase()))) return false;
  }
  if (filter.price?.min !== undefined && product.price < filter.price.min) return false;
  if (filter.price?.max !== undefined && product.price > filter.price.max) return false;
  return true;
}
