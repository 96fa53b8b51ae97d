import type { HistoryKind } from './history';
import type { Reason } from './types';

/**
 * Why an item is recommended, as a code, a sentence and what it refers to.
 * Pure: titles and names come from the documents already fetched.
 */
export interface Named {
  id: string;
  title: string;
}

export function listReason(type: 'also_bought' | 'bought_together', anchor: Named): Reason {
  const text = type === 'bought_together' ? `Often bought with ${anchor.title}` : `Customers who bought ${anchor.title} also bought this`;
  return { code: type, text, productId: anchor.id };
}

export function similarReason(anchor: Named): Reason {
  return { code: 'similar', text: `Similar to ${anchor.title}`, productId: anchor.id };
}

/** Trending when the product has recent activity, popular otherwise; within a category when one is given. */
export function trendingReason(trending: boolean, category: { id: string; name: string } | null): Reason {
  const code = trending ? 'trending' : 'popular';
  const word = trending ? 'Trending' : 'Popular';
  if (category === null) return { code, text: trending ? 'Trending now' : 'Popular right now' };
  return { code, text: `${word} in ${category.name}`, categoryId: category.id };
}

const historyText: Record<HistoryKind, (title: string) => string> = {
  viewed: (title) => `Because you viewed ${title}`,
  carted: (title) => `Because you added ${title} to your cart`,
  purchased: (title) => `Because you bought ${title}`,
};

const selfText: Record<HistoryKind, string> = {
  viewed: 'You viewed this recently',
  carted: 'You added this to your cart',
  purchased: 'You bought this before',
};

/**
 * The reason of a "for you" hit: of the history items it matched, the one
 * whose clause weighed most (kind and recency), preferring another product
 * over the hit itself (a product viewed is its own strongest view
 * indicator, but "because you viewed X" should point elsewhere when it can).
 */
export function historyReason(
  hitId: string,
  matched: ReadonlyArray<{ kind: HistoryKind; productId: string; boost: number }>,
  titles: ReadonlyMap<string, string>,
): Reason | null {
  const ranked = [...matched].sort((a, b) => Number(a.productId === hitId) - Number(b.productId === hitId) || b.boost - a.boost);
  const best = ranked[0];
  if (best === undefined) return null;
  if (best.productId === hitId) return { code: best.kind, text: selfText[best.kind], productId: hitId };
  return { code: best.kind, text: historyText[best.kind](titles.get(best.productId) ?? best.productId), productId: best.productId };
}
