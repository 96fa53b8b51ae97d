import type { Knex } from 'knex';

export interface CategoryInfo {
  id: string;
  nameEn: string;
  nameZh: string | null;
  path: string[];
  facetAttributes: string[];
}

export interface CategoryDirectory {
  get(id: string): Promise<CategoryInfo | undefined>;
  /** Attribute facets of a category page: its own keys first, then its ancestors'. */
  facetAttributes(categoryId: string): Promise<string[]>;
  all(): Promise<CategoryInfo[]>;
}

/**
 * The category tree, read from Postgres and kept in memory for a short while:
 * small, read on most requests, and a rename may take `ttlMs` to show in facets.
 */
export function createCategoryDirectory(db: Knex, ttlMs = 30_000, now: () => number = Date.now): CategoryDirectory {
  let cached: { at: number; byId: Map<string, CategoryInfo> } | null = null;
  let loading: Promise<Map<string, CategoryInfo>> | null = null;

  const load = async (): Promise<Map<string, CategoryInfo>> => {
    if (cached && now() - cached.at < ttlMs) return cached.byId;
    loading ??= db('categories')
      .select('id', 'name_en', 'name_zh', 'path', 'facet_attributes')
      .then((rows) => {
        const byId = new Map<string, CategoryInfo>(
          rows.map((r) => [r.id, { id: r.id, nameEn: r.name_en, nameZh: r.name_zh, path: r.path, facetAttributes: r.facet_attributes }]),
        );
        cached = { at: now(), byId };
        return byId;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  };

  return {
    async get(id) {
      return (await load()).get(id);
    },
    async facetAttributes(categoryId) {
      const byId = await load();
      const category = byId.get(categoryId);
      if (!category) return [];
      const keys: string[] = [];
      for (const id of [...category.path].reverse()) for (const key of byId.get(id)?.facetAttributes ?? []) if (!keys.includes(key)) keys.push(key);
      return keys;
    },
    async all() {
      return [...(await load()).values()];
    },
  };
}
