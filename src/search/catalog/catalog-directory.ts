import type { Knex } from 'knex';
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
}

/** A value loaded on first use and again once it is `ttlMs` old; concurrent callers share one load. */
function cachedLoader<T>(load: () => Promise<T>, ttlMs: number, now: () => number): () => Promise<T> {
  let cached: { at: number; value: T } | null = null;
  let loading: Promise<T> | null = null;
  return async () => {
    if (cached && now() - cached.at < ttlMs) return cached.value;
    loading ??= load()
      .then((value) => {
        cached = { at: now(), value };
        return value;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  };
}

/**
 * Categories and brands, read from Postgres and kept in memory for a short
 * while: small, read on most requests, and a rename may take `ttlMs` to show
 * in facets and suggestions.
 */
export function createCatalogDirectory(db: Knex, ttlMs = 30_000, now: () => number = Date.now): CatalogDirectory {
  const load = cachedLoader(
    async () => {
      const rows = await db('categories').select('id', 'name_en', 'name_zh', 'path', 'facet_attributes');
      return new Map<string, CategoryInfo>(
        rows.map((r) => [r.id, { id: r.id, nameEn: r.name_en, nameZh: r.name_zh, path: r.path, facetAttributes: r.facet_attributes }]),
      );
    },
    ttlMs,
    now,
  );
  let types: { from: Map<string, CategoryInfo>; value: ProductTypes } | null = null;
  const loadBrands = cachedLoader(async () => (await db('brands').select('id', 'name')) as BrandInfo[], ttlMs, now);

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
    brands: loadBrands,
  };
}
