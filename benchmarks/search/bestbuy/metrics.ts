import { normalize } from '../../../src/core/text';
import { gradedNdcgAtK } from '../../../ranking/eval/metrics';
import type { BestBuyProduct, Judgment } from './data';

/** Ranking metrics with graded relevance (click share), one query at a time; `ranked` is best first. */

/** Rank (from 1) of the first of `targets` in the list, or null when none is there. */
export function firstRank(ranked: readonly string[], targets: ReadonlySet<string>): number | null {
  const at = ranked.findIndex((id) => targets.has(id));
  return at < 0 ? null : at + 1;
}

export interface QueryOutcome {
  ndcg: number;
  /** Rank of the most-clicked SKU within the results asked for, null when absent. */
  rank: number | null;
  zero: boolean;
}

export function scoreQuery(judgment: Judgment, ranked: readonly string[], total: number, k: number): QueryOutcome {
  return { ndcg: gradedNdcgAtK(ranked, judgment.gains, k), rank: firstRank(ranked.slice(0, k), judgment.top), zero: total === 0 };
}

export interface MetricRow {
  queries: number;
  ndcg: number;
  mrr: number;
  hitRate: number;
  zeroRate: number;
}

export function aggregate(outcomes: readonly QueryOutcome[]): MetricRow {
  const n = outcomes.length;
  const mean = (f: (o: QueryOutcome) => number) => (n === 0 ? NaN : outcomes.reduce((sum, o) => sum + f(o), 0) / n);
  return {
    queries: n,
    ndcg: mean((o) => o.ndcg),
    mrr: mean((o) => (o.rank === null ? 0 : 1 / o.rank)),
    hitRate: mean((o) => (o.rank === null ? 0 : 1)),
    zeroRate: mean((o) => (o.zero ? 1 : 0)),
  };
}

// Letters/digits possibly joined by - or . ("x-box", "2.5"); split on hyphens and on dots that are not decimal points.
const TOKEN = /[\p{L}\p{N}]+(?:[-.][\p{L}\p{N}]+)*/gu;
const JOINER = /-|\.(?!\d)|(?<!\d)\./;

/**
 * The words a text is written in, as typed: normalised and split at spaces,
 * hyphens and punctuation (the stored side also keeps hyphenated words
 * joined), but with no further analysis. The slices below say what the
 * shopper typed ("battlefield3" is glued however the search reads it), so
 * they must not move when the search's analysis (src/core/text) changes.
 */
function typedWords(text: string, purpose: 'index' | 'query'): string[] {
  return (normalize(text).match(TOKEN) ?? []).flatMap((token) => {
    if (!JOINER.test(token)) return [token];
    const parts = token.split(JOINER);
    return purpose === 'index' ? [...parts, parts.join('')] : parts;
  });
}

/** Every word the catalog's text holds (titles, descriptions, makers, category names), as written (typedWords). */
export function catalogVocabulary(products: readonly BestBuyProduct[]): Set<string> {
  const vocabulary = new Set<string>();
  for (const p of products) {
    const text = [p.name, p.shortDescription, p.longDescription, p.manufacturer, ...p.categoryPath.map((c) => c.name)].join(' ');
    for (const word of typedWords(text, 'index')) vocabulary.add(word);
  }
  return vocabulary;
}

const SPELLABLE = /^[a-z]{4,}$/;

/** Navigation tags from banners and e-mails ("laborday_videogames_20110902"), not typed by shoppers. */
export function isCampaignCode(query: string): boolean {
  return query.includes('_');
}

/**
 * The query's misspelt words: words of four letters or more (letters only)
 * that no product text contains, e.g. "reech" in "halo reech". Glued model
 * numbers ("battlefield3") and short words ("cod") are not counted.
 */
export function misspeltWords(query: string, vocabulary: ReadonlySet<string>): string[] {
  return typedWords(query, 'query').filter((w) => SPELLABLE.test(w) && !vocabulary.has(w));
}

/**
 * Words run together or split apart, against the catalog's words: "deadspace"
 * (dead + space), "battlefield3" (battlefield + 3), or "rock smith" and "sky
 * rim" (rocksmith, skyrim). Returns the query words involved.
 */
export function spacingErrors(query: string, vocabulary: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const list = typedWords(query, 'query');
  for (const w of list) {
    if (vocabulary.has(w)) continue;
    for (let at = 3; at <= w.length - 1; at++) {
      const [head, tail] = [w.slice(0, at), w.slice(at)];
      // Numbers may follow a word ("warfare3"); otherwise both halves have three letters or more, or any two short words would do ("ar" + "kam").
      if (vocabulary.has(head) && vocabulary.has(tail) && (tail.length >= 3 || /^\d+$/.test(tail))) {
        found.push(w);
        break;
      }
    }
  }
  for (let i = 0; i + 1 < list.length; i++) {
    const joined = list[i]! + list[i + 1]!;
    // Two catalog words may also be a hyphenated title word's joined form ("spider man"): those find the product anyway.
    if (vocabulary.has(joined) && !(vocabulary.has(list[i]!) && vocabulary.has(list[i + 1]!))) found.push(`${list[i]} ${list[i + 1]}`);
  }
  return found;
}
