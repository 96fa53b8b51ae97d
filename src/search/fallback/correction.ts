import type { estypes } from '@elastic/elasticsearch';
import type { QueryWord } from '../../../ranking/query/query-text';
import { stem } from '../../core/text';
import { editDistance } from '../../../ranking/query/edit-distance';
import type { Lexicon } from './lexicon';

/**
 * Spelling correction of a query that found nothing, word by word, so that
 * every misspelt word is corrected ("wireles headphnes" → "wireless
 * headphones", not "wireles headphones"):
 *
 * 1. a word the catalog has in some field is no typo and stays (a brand, a
 *    colour, a category; `catalogWordsBody` asks): a brand named in no title
 *    ("Puzzlo") is never corrected to the title word the suggester, which
 *    reads titles, finds next to it ("puzzle");
 * 2. else the catalog's own nearest title word, from Elasticsearch's term
 *    suggester (already in the first response), unless the word is English
 *    and the suggestion two edits away ("cable" is no typo of "candle"), or
 *    it is further than the search's typo tolerance for a word that long
 *    and does not sound the same ("shooz" is "shoes", "intel" no "intent");
 *    else the word stays when it is an English word the catalog lacks
 *    ("unicorn");
 * 3. else the nearest English word (lexicon.ts), within the edits the search
 *    itself tolerates for a word that long (ranking/query fuzzinessFor), or
 *    one sounding the same for longer words ("hedfonez" → "headphone").
 *
 * Words the search never treats as typos (short words, model codes, Chinese:
 * fuzziness 0) are left as typed.
 */

/** The suggester's best catalog word for each query word it has one for. */
export function suggestedWords(response: estypes.SearchResponse<unknown>): Map<string, string> {
  const entries = (response.suggest?.spelling ?? []) as Array<{ text: string; options: Array<{ text: string }> | { text: string } }>;
  const out = new Map<string, string>();
  for (const entry of entries) {
    const best = (Array.isArray(entry.options) ? entry.options : [entry.options])[0]?.text;
    if (best && best !== entry.text) out.set(entry.text, best);
  }
  return out;
}

/**
 * Query words the catalog must say whether it has: those the suggester would
 * change (it reads only titles), and those with no suggestion that English
 * does not know either.
 */
export function wordsToLookUp(words: readonly QueryWord[], suggested: ReadonlyMap<string, string>, lexicon: Lexicon): QueryWord[] {
  return words.filter((w) => w.fuzziness > 0 && (suggested.has(w.word) || !lexicon.knows(w.word)));
}

/** The suggester's corrections without those of words the catalog has (rule 1): what a did-you-mean may offer. */
export function withoutCatalogWords(suggested: ReadonlyMap<string, string>, inCatalog: ReadonlySet<string>): Map<string, string> {
  return new Map([...suggested].filter(([word]) => !inCatalog.has(word)));
}

/** One count per word: does any product have it in a field a query word matches (title, brand, category, attribute, description)? */
export function catalogWordsBody(index: string, words: readonly QueryWord[]): estypes.SearchRequest {
  const filters = Object.fromEntries(
    words.map((w) => [
      w.word,
      {
        bool: {
          should: [
            { term: { title_words: w.word } },
            { match: { 'brand.name': w.word } },
            { term: { 'category.terms': stem(w.word) } },
            { term: { attributes: { value: w.word, case_insensitive: true } } },
            { term: { description_terms: stem(w.word) } },
          ],
        },
      },
    ]),
  );
  return { index, size: 0, track_total_hits: false, aggs: { words: { filters: { filters } } } };
}

/** The words of catalogWordsBody's answer that some product has. */
export function wordsInCatalog(response: estypes.SearchResponse<unknown>): Set<string> {
  const buckets = (response.aggregations?.words as { buckets?: Record<string, { doc_count: number }> } | undefined)?.buckets ?? {};
  return new Set(
    Object.entries(buckets)
      .filter(([, b]) => b.doc_count > 0)
      .map(([word]) => word),
  );
}

/** The corrected query, or null when no word changed. */
export function correctQuery(
  words: readonly QueryWord[],
  suggested: ReadonlyMap<string, string>,
  inCatalog: ReadonlySet<string>,
  lexicon: Lexicon,
): string | null {
  let changed = false;
  const out = words.map((w) => {
    if (inCatalog.has(w.word)) return w.word;
    const known = lexicon.knows(w.word);
    const suggestion = suggested.get(w.word);
    // A suggestion within the search's own typo tolerance for a word that long, or sounding the same ("shooz" → "shoes"),
    // so a name the catalog lacks is not made another word ("intel" is no "intent"); one edit for an English word.
    const within =
      suggestion !== undefined &&
      (known
        ? editDistance(w.word, suggestion, 1) <= 1
        : editDistance(w.word, suggestion, w.fuzziness) <= w.fuzziness || lexicon.soundAlike(w.word, suggestion));
    const fixed = (within ? suggestion : undefined) ?? (w.fuzziness === 0 || known ? null : lexicon.correct(w.word, w.fuzziness));
    if (fixed === null || fixed === w.word) return w.word;
    changed = true;
    return fixed;
  });
  return changed ? out.join(' ') : null;
}
