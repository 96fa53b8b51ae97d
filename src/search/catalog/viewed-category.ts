import type { CatalogDirectory } from './catalog-directory';

/** The category a search is narrowed to, named, with its breadcrumb trail: root first, itself last. */
export interface ViewedCategory {
  id: string;
  name: string;
  path: Array<{ id: string; name: string }>;
}

/**
 * The category page's heading and breadcrumbs, when the search is filtered to
 * exactly one category the catalog knows; null otherwise (several, none, or
 * an unknown id), so a page opened from a link shows real names.
 */
export async function viewedCategory(categories: CatalogDirectory, categoryIds: readonly string[]): Promise<ViewedCategory | null> {
  if (categoryIds.length !== 1) return null;
  const category = await categories.get(categoryIds[0]!);
  if (!category) return null;
  const path = await Promise.all(
    category.path.map(async (id) => {
      const step = await categories.get(id);
      return { id, name: step?.nameEn ?? step?.nameZh ?? id };
    }),
  );
  return { id: category.id, name: category.nameEn, path };
}
