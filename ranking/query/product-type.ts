import { analyzeQuery, type AnalyzedQuery } from './query-text';

/**
 * Product-type intent, learnt from the catalog's own category names: a query
 * that names a category ("laptops", "笔记本电脑", "phone case") asks for
 * products of that kind, so products filed under it rank above products
 * that only mention it (a laptop bag "for 15-inch laptops" is filed under
 * Laptop Bags, not Laptops). No list of types is kept by hand: any
 * catalog's categories are its types.
 */
export interface ProductTypes {
  /** A category name as query terms (stemmed, space-joined) → the ids of the categories with that name. */
  byKey: ReadonlyMap<string, readonly string[]>;
  /** The most words in a key: longer runs of the query need not be tried. */
  maxWords: number;
}

export interface ProductTypeMatch {
  /** The query words naming the type, as terms ("laptop", "laptop bag"). */
  key: string;
  /** Products under any of these categories (or below them) are of the asked type. */
  categoryIds: readonly string[];
}

export function buildProductTypes(categories: ReadonlyArray<{ id: string; nameEn: string; nameZh: string | null }>): ProductTypes {
  const byKey = new Map<string, string[]>();
  let maxWords = 0;
  for (const category of categories) {
    for (const name of [category.nameEn, category.nameZh]) {
      if (name === null) continue;
      const terms = termsOf(name);
      if (terms.length === 0) continue;
      const key = terms.join(' ');
      const ids = byKey.get(key) ?? [];
      if (!ids.includes(category.id)) ids.push(category.id);
      byKey.set(key, ids);
      maxWords = Math.max(maxWords, terms.length);
    }
  }
  return { byKey, maxWords };
}

/**
 * The type the query asks for: a run of consecutive query words that is a
 * category's name. In a compound the last noun is what is wanted, in English
 * ("laptop bag" is a bag) as in Chinese (电脑包 is a 包), so the run that ends
 * latest wins, then the longest: "laptop bag" names Laptop Bags even though
 * "laptop" alone names Laptops. Words after the run that name no type
 * (sizes, colours, model numbers: "laptop 16 inch") leave it the type.
 */
export function detectProductType(query: AnalyzedQuery, types: ProductTypes): ProductTypeMatch | null {
  const terms = query.words.map((w) => w.term);
  let best: { start: number; end: number; ids: readonly string[] } | null = null;
  for (let start = 0; start < terms.length; start++) {
    for (let end = Math.min(terms.length, start + types.maxWords); end > start; end--) {
      const ids = types.byKey.get(terms.slice(start, end).join(' '));
      if (ids === undefined) continue;
      if (best === null || end > best.end || (end === best.end && end - start > best.end - best.start)) best = { start, end, ids };
      break;
    }
  }
  return best === null ? null : { key: terms.slice(best.start, best.end).join(' '), categoryIds: best.ids };
}

function termsOf(name: string): string[] {
  return analyzeQuery(name).words.map((w) => w.term);
}
