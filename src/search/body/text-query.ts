import type { estypes } from '@elastic/elasticsearch';
import type { AnalyzedQuery, QueryAlternatives, QueryWord } from '../query-text';
import { joinedPairs } from '../../text';
import { fieldBoosts } from '../ranking-settings';

type Query = estypes.QueryDslQueryContainer;

/** Shorter words are rarely two words glued together, and would match stray pairs. */
const MIN_GLUED_LENGTH = 5;

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
 * results follow the shopper's typing. Glued and split words: the word is
 * also looked for among the title's joined neighbour pairs ("deadspace"
 * finds "Dead Space"), and `joined` (the word written together with its
 * query neighbours: "rocksmith" for "rock" in "rock smith") among title
 * words; both count a little less than the title word itself.
 */
export function wordClause(word: QueryWord, isLast: boolean, joined: readonly string[] = []): { dis_max: estypes.QueryDslDisMaxQuery } {
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
  if (word.word.length >= MIN_GLUED_LENGTH) queries.push({ term: { title_joined: { value: word.word, boost: fieldBoosts.titleJoined } } });
  for (const together of joined) queries.push({ term: { title_words: { value: together, boost: fieldBoosts.titleJoined } } });
  return { dis_max: { queries, tie_breaker: 0.1 } };
}

/** Several words that must all match (a multi-word synonym or the words it stands for), optionally weighted. */
function allWords(words: QueryWord[], prefixLast: boolean, boost?: number): Query {
  if (words.length === 1) {
    const clause = wordClause(words[0]!, prefixLast).dis_max;
    return { dis_max: boost === undefined ? clause : { ...clause, boost } };
  }
  return { bool: { must: words.map((w, i) => wordClause(w, prefixLast && i === words.length - 1)), ...(boost === undefined ? {} : { boost }) } };
}

/**
 * The words typed or any of their synonyms: dis_max keeps the best of them,
 * and alternatives carry weights below 1, so a product matching what was
 * typed ranks above one matching only a synonym.
 */
export function synonymClause(typed: QueryWord[], span: QueryAlternatives, isLast: boolean): Query {
  return { dis_max: { queries: [allWords(typed, isLast), ...span.alternatives.map((a) => allWords(a.words, false, a.weight))] } };
}

/** One clause per word, except that a span with synonyms becomes one clause (and counts as one word). */
function wordUnits(query: AnalyzedQuery): Query[] {
  const words = query.words;
  const last = words.length - 1;
  // Word i written together with the word before it and with the word after it (when both can be joined).
  const joinedAround = (i: number) => [...(i > 0 ? joinedPairs([words[i - 1]!.word, words[i]!.word]) : []), ...(i < last ? joinedPairs([words[i]!.word, words[i + 1]!.word]) : [])];
  const units: Query[] = [];
  let at = 0;
  for (const span of query.synonyms ?? []) {
    for (; at < span.start; at++) units.push(wordClause(words[at]!, at === last, joinedAround(at)));
    units.push(synonymClause(words.slice(span.start, span.end), span, span.end - 1 === last));
    at = span.end;
  }
  for (; at < words.length; at++) units.push(wordClause(words[at]!, at === last, joinedAround(at)));
  return units;
}

/**
 * The text part of a search: every word (or enough of them, when relaxed)
 * must match somewhere; whole-title and phrase matches add on top, so exact
 * matches come first and words close together beat words far apart.
 */
export function textQuery(query: AnalyzedQuery, requirement: WordRequirement): Query {
  if (query.words.length === 0) return { match_none: {} };
  const units = wordUnits(query);
  const must: Query = { bool: { should: units, minimum_should_match: requiredWords(units.length, requirement) } };
  const should: Query[] = [
    { term: { title_exact: { value: query.normalized, boost: fieldBoosts.titleExact } } },
    { match_phrase: { title_en: { query: query.normalized, slop: 2, boost: fieldBoosts.titlePhrase } } },
    { match_phrase: { title_zh: { query: query.normalized, slop: 1, boost: fieldBoosts.titlePhrase } } },
  ];
  return { bool: { must: [must], should } };
}
