import type { AnalyzedQuery, QueryAlternatives } from '../query/query-text';
import type { SynonymDictionary } from './dictionary';

/**
 * Query-time synonyms, the way Querqy rewrites a query before it reaches the
 * engine: this server has no synonym filters, and expanding the query means a
 * synonym change applies to the next search without a reindex. Scanning left
 * to right, the longest dictionary input starting at each word claims those
 * words; the body builder then searches "those words OR any alternative",
 * with the alternatives weighted below the words typed.
 */
export function expandQuery(query: AnalyzedQuery, dictionary: SynonymDictionary): AnalyzedQuery {
  if (dictionary.size === 0 || query.words.length === 0) return query;
  const terms = query.words.map((w) => w.term);
  const spans: QueryAlternatives[] = [];
  for (let start = 0; start < terms.length;) {
    const entry = dictionary.byFirstTerm.get(terms[start]!)?.find((e) => e.terms.every((t, i) => terms[start + i] === t));
    if (!entry) {
      start++;
      continue;
    }
    const end = start + entry.terms.length;
    spans.push({
      start,
      end,
      alternatives: [...entry.alternatives.values()].map((a) => ({ text: a.text, words: a.words, weight: a.weight })),
    });
    start = end;
  }
  return spans.length === 0 ? query : { ...query, synonyms: spans };
}
