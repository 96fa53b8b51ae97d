/** A popular query that earned its place: enough distinct shoppers searched it and it found something. */
export interface PopularQuery {
  text: string;
  searches: number;
  /** Distinct sessions or customers whose search of it found products, within the window. */
  searchers: number;
}

/** A suggestion a merchandiser added. */
export interface AddedQuery {
  text: string;
  /** Ranks as if this many distinct shoppers had searched it; null: above every popular query. */
  weight: number | null;
  /** Its own traffic, when shoppers search it too. */
  searches: number;
  searchers: number;
}

export interface RankedQuery {
  text: string;
  searches: number;
  added: boolean;
}

/**
 * The query suggestions shown for one prefix. Added suggestions always get a
 * place (up to `size`): a merchandiser added them to be seen. Popular queries
 * fill the remaining places. The list is ordered by distinct searchers (an
 * added one by the larger of its weight and its own searchers), then
 * searches, then text, so one shopper repeating a query cannot lift it.
 */
export function rankQuerySuggestions(popular: readonly PopularQuery[], added: readonly AddedQuery[], size: number): RankedQuery[] {
  const scored = (text: string, score: number, searches: number, isAdded: boolean) => ({ text, score, searches, added: isAdded });
  const addedScored = added.map((a) => scored(a.text, Math.max(a.weight ?? Number.POSITIVE_INFINITY, a.searchers), a.searches, true));
  const order = (a: { score: number; searches: number; text: string }, b: typeof a) =>
    b.score - a.score || b.searches - a.searches || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
  const kept = [...addedScored].sort(order).slice(0, size);
  const taken = new Set(kept.map((k) => k.text));
  for (const p of [...popular].sort((a, b) => order({ ...a, score: a.searchers }, { ...b, score: b.searchers }))) {
    if (kept.length >= size) break;
    if (taken.has(p.text)) continue;
    taken.add(p.text);
    kept.push(scored(p.text, p.searchers, p.searches, false));
  }
  return kept.sort(order).map(({ text, searches, added: isAdded }) => ({ text, searches, added: isAdded }));
}
