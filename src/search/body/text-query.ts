import type { estypes } from '@elastic/elasticsearch';
import type { AnalyzedQuery, QueryWord } from '../query-text';
import { fieldBoosts } from '../ranking-settings';

type Query = estypes.QueryDslQueryContainer;

/** How many of the query's words a product must match. */
export type WordRequirement = 'all' | 'relaxed';

export function requiredWords(count: number, requirement: WordRequirement): number {
  if (requirement === 'all') return count;
  // The fallback for no results: about half the words, at least one.
  return Math.max(1, Math.ceil(count / 2));
}

/**
 * Where one word may match, best field wins (dis_max): title terms above
 * brand and category names, above attribute values, above description; a
 * fuzzy title match counts half; the last word also matches as a prefix, so
 * results follow the shopper's typing.
 */
export function wordClause(word: QueryWord, isLast: boolean): Query {
  const queries: Query[] = [
    { term: { title_terms: { value: word.term, boost: fieldBoosts.title } } },
    { match: { 'brand.name': { query: word.word, boost: fieldBoosts.brand } } },
    { term: { 'category.terms': { value: word.term, boost: fieldBoosts.category } } },
    { term: { attributes: { value: word.word, case_insensitive: true, boost: fieldBoosts.attributes } } },
    { term: { description_terms: { value: word.term, boost: fieldBoosts.description } } },
  ];
  if (word.fuzziness > 0) {
    queries.push({ fuzzy: { title_words: { value: word.word, fuzziness: word.fuzziness, prefix_length: 1, max_expansions: 20, boost: fieldBoosts.title * fieldBoosts.fuzzyPenalty } } });
  }
  if (isLast && word.word.length >= 2) {
    queries.push({ prefix: { title_words: { value: word.word, boost: fieldBoosts.prefix } } });
  }
  return { dis_max: { queries, tie_breaker: 0.1 } };
}

/**
 * The text part of a search: every word (or enough of them, when relaxed)
 * must match somewhere; whole-title and phrase matches add on top, so exact
 * matches come first and words close together beat words far apart.
 */
export function textQuery(query: AnalyzedQuery, requirement: WordRequirement): Query {
  const words = query.words;
  if (words.length === 0) return { match_none: {} };
  const must: Query = {
    bool: { should: words.map((w, i) => wordClause(w, i === words.length - 1)), minimum_should_match: requiredWords(words.length, requirement) },
  };
  const should: Query[] = [
    { term: { title_exact: { value: query.normalized, boost: fieldBoosts.titleExact } } },
    { match_phrase: { title_en: { query: query.normalized, slop: 2, boost: fieldBoosts.titlePhrase } } },
    { match_phrase: { title_zh: { query: query.normalized, slop: 1, boost: fieldBoosts.titlePhrase } } },
  ];
  return { bool: { must: [must], should } };
}
