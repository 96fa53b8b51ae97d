import { normalize, stem, wordGroups } from '../../src/core/text';

/** One word of the shopper's query, with what each kind of matching needs. */
export interface QueryWord {
  /** Normalised, unstemmed: prefix and fuzzy matching on `title_words`. */
  word: string;
  /** The same word as `*_terms` fields store it. */
  term: string;
  /** Edits tolerated: none on short words, numbers, model codes and Chinese. */
  fuzziness: 0 | 1 | 2;
  /**
   * Typed as one word with the word before it ("x16" → "x", "16"; "wi-fi"):
   * the two are matched together, so a search that needs fewer words never
   * keeps only a piece of a model code.
   */
  joinedToPrevious?: true;
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
  /**
   * Also read short words as the initials of a title's name ("cod mw3" for
   * "Call of Duty: Modern Warfare 3"): set by the search only once the words
   * as typed found nothing, since a short word is more often a word.
   */
  initials?: boolean;
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
  for (const group of wordGroups(q, { purpose: 'query' })) {
    let kept = 0;
    for (const word of group) {
      if (seen.has(word)) continue;
      seen.add(word);
      out.push({ word, term: stem(word), fuzziness: fuzzinessFor(word), ...(kept > 0 ? { joinedToPrevious: true as const } : {}) });
      kept += 1;
    }
  }
  return { raw: q, normalized: normalize(q), words: out };
}
