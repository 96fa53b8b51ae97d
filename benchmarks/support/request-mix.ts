import type { Knex } from 'knex';

/** A numeric `--name value` command-line option, or the fallback. */
export function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/**
 * A deterministic mix of storefront requests drawn from the catalog itself:
 * typed queries of one or two title words, typos, category pages with
 * facets, a price sort. Search and merchandising benchmarks share it so
 * their numbers compare.
 */
export async function requestMix(db: Knex, count: number): Promise<Array<Record<string, string>>> {
  const titles = (await db('products')
    .where({ status: 'active' })
    .whereNotNull('title_en')
    .orderByRaw('md5(id)')
    .limit(count)
    .pluck('title_en')) as string[];
  const categories = (await db('categories').orderBy('id').pluck('id')) as string[];
  return titles.map((title, i): Record<string, string> => {
    const words = title
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => /^[a-z]{3,}$/.test(w));
    const pick = words.slice(i % 3, (i % 3) + 1 + (i % 2));
    switch (i % 5) {
      case 0:
        return { q: pick.join(' ') || 'shoes' };
      case 1:
        return { q: pick.join(' ') || 'bag', facets: 'brand,price,category' };
      case 2: {
        // Two letters swapped: the commonest typo.
        const word = pick[0] ?? 'wireless';
        return { q: word.length > 4 ? `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}` : word };
      }
      case 3:
        return { category: categories[i % categories.length]!, facets: 'brand,price,attributes' };
      default:
        return { q: pick.join(' ') || 'phone', sort: 'price_asc', in_stock: 'true' };
    }
  });
}
