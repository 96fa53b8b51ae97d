import { normalize, stem, words } from '../../src/core/text';

/** One word of the shopper's query, with what each kind of matching needs. */
export interface QueryWord {
  /** Normalised, unstemmed: prefix and fuzzy matching on `title_words`. */
  word: string;
  /** The same word as `*_terms` fields store it. */
  term: string;
  /** Edits tolerated: none on short words, numbers, model codes and Chinese. */
  fuzziness: 0 | 1 | 2;
}

/**
 * Other ways to say `words[start, end)` (synonyms): searched beside those
 * words, each weighted below what the shopper typed.
 */
export interface QueryAlternatives {
  start: number;
  end: number;
  alternatives: Array<{ text: string; words: QueryWord[]; weight: number }>;
}

export interface AnalyzedQuery {
  raw: string;
  normalized: string;
  words: QueryWord[];
  /** Non-overlapping spans of `words` with synonyms; absent when none apply. */
  synonyms?: QueryAlternatives[];
  /** The kind of product the words name (ranking/query/product-type.ts); absent when none. */
  productType?: { key: string; categoryIds: readonly string[] };
}

const PLAIN_LATIN_WORD = /^[a-z]+$/;

/**
 * Typo tolerance by word length, as shoppers expect: "tv" or "4k" must match
 * exactly, "sheos" (5 letters) may be one edit away, long words two. Words
 * with digits are model codes ("rtx4090", "iphone15"): a typo there is a
 * different product, so they are never fuzzy.
 */
export function fuzzinessFor(word: string): 0 | 1 | 2 {
  if (!PLAIN_LATIN_WORD.test(word)) return 0;
  if (word.length <= 3) return 0;
  if (word.length <= 7) return 1;
  return 2;
}

export function analyzeQuery(q: string): AnalyzedQuery {
  const seen = new Set<string>();
  const out: QueryWord[] = [];
  for (const word of words(q, { purpose: 'query' })) {
    if (seen.has(word)) continue;
    seen.add(word);
    out.push({ word, term: stem(word), fuzziness: fuzzinessFor(word) });
  }
  return { raw: q, normalized: normalize(q), words: out };
}
