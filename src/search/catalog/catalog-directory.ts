import type { Knex } from 'knex';
import { lastGoodValue } from '../../core/last-good-value';
import { buildProductTypes, type ProductTypes } from '../../../ranking/query/product-type';

export interface CategoryInfo {
  id: string;
  nameEn: string;
  nameZh: string | null;
  path: string[];
  facetAttributes: string[];
}

export interface BrandInfo {
  id: string;
  name: string;
}

export interface CatalogDirectory {
  get(id: string): Promise<CategoryInfo | undefined>;
  brands(): Promise<BrandInfo[]>;
  /** Attribute facets of a category page: its own keys first, then its ancestors'. */
  facetAttributes(categoryId: string): Promise<string[]>;
  all(): Promise<CategoryInfo[]>;
  /** The categories' names as product types a query can name (ranking/query/product-type.ts). */
  productTypes(): Promise<ProductTypes>;
  /** Whether what it serves is past its TTL because Postgres could not be read (the response is marked stale). */
  isStale(): boolean;
}

export interface CatalogDirectoryOptions {
  /** How long categories and brands are served before they are read again. @default 30000 */
  ttlMs?: number;
  /** Told of each failed refresh, while the last values read are served. */
  onRefreshFailed?: (error: unknown) => void;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Categories and brands, read from Postgres and kept in memory for a short
 * while: small, read on most requests, and a rename may take `ttlMs` to show
 * in facets and suggestions. While Postgres is away the last values read are
 * served (../../core/last-good-value.ts).
 */
export function createCatalogDirectory(db: Knex, options: CatalogDirectoryOptions = {}): CatalogDirectory {
  const settings = { ttlMs: options.ttlMs ?? 30_000, now: options.now, onRefreshFailed: options.onRefreshFailed };
  const categories = lastGoodValue(async () => {
    const rows = await db('categories').select('id', 'name_en', 'name_zh', 'path', 'facet_attributes');
    return new Map<string, CategoryInfo>(
      rows.map((r) => [r.id, { id: r.id, nameEn: r.name_en, nameZh: r.name_zh, path: r.path, facetAttributes: r.facet_attributes }]),
    );
  }, settings);
  const brands = lastGoodValue(async () => (await db('brands').select('id', 'name')) as BrandInfo[], settings);
  const load = async () => (await categories.read()).value;
  let types: { from: Map<string, CategoryInfo>; value: ProductTypes } | null = null;

  return {
    async get(id) {
      return (await load()).get(id);
    },
    async facetAttributes(categoryId) {
      const byId = await load();
      const category = byId.get(categoryId);
      if (!category) return [];
      const keys: string[] = [];
      for (const id of [...category.path].reverse())
        for (const key of byId.get(id)?.facetAttributes ?? []) if (!keys.includes(key)) keys.push(key);
      return keys;
    },
    async all() {
      return [...(await load()).values()];
    },
    async productTypes() {
      const byId = await load();
      // Built once per load of the categories, not per search.
      if (types?.from !== byId) types = { from: byId, value: buildProductTypes([...byId.values()]) };
      return types.value;
    },
    brands: async () => (await brands.read()).value,
    isStale: () => categories.isStale() || brands.isStale(),
  };
}
