import type { estypes } from '@elastic/elasticsearch';
import { fuzzinessFor, type AnalyzedQuery, type QueryAlternatives, type QueryWord } from '../../../ranking/query/query-text';
import { joinedPairs, shortYear, singular, stem } from '../../core/text';
import { fieldBoosts } from '../../../ranking/weights/ranking-settings';

type Query = estypes.QueryDslQueryContainer;

/** Shorter words are rarely two words glued together, and would match stray pairs. */
const MIN_GLUED_LENGTH = 5;
const DIGIT = /\d/;
const LETTER = /^\p{L}$/u;

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
 * results follow the shopper's typing. Glued and split words: the word's
 * stem is also looked for among the title's joined neighbour pairs
 * ("deadspace" finds "Dead Space"), scored a constant below any real title
 * match (a joined pair is rare, so its BM25 weight would otherwise lift
 * "Head Phones Stand" above every pair of headphones); and `joinedWords`
 * (the word written together with its query neighbours: "rocksmith" for
 * "rock" in "rock smith") among title terms, stemmed, as a real title match
 * (that word is the title's own), and attribute values ("256gb" for "256"
 * in "256 gb"). `joinedTypos` also looks for the joined words misspelt.
 */
export function wordClause(
  word: QueryWord,
  isLast: boolean,
  joinedWords: readonly string[] = [],
  options: { joinedTypos?: boolean } = {},
): { dis_max: estypes.QueryDslDisMaxQuery } {
  const queries: Query[] = [
    { term: { title_terms: { value: word.term, boost: fieldBoosts.title } } },
    { match: { 'brand.name': { query: word.word, boost: fieldBoosts.brand } } },
    { term: { 'category.terms': { value: word.term, boost: fieldBoosts.category } } },
    { term: { attributes: { value: word.word, case_insensitive: true, boost: fieldBoosts.attributes } } },
    { term: { description_terms: { value: word.term, boost: fieldBoosts.description } } },
  ];
  // "madden 2012" for "Madden NFL 12": another way to write the word, scored like a typo's match.
  const short = shortYear(word.word);
  if (short !== null) queries.push({ term: { title_terms: { value: short, boost: fieldBoosts.title * fieldBoosts.fuzzyPenalty } } });
  if (word.fuzziness > 0) queries.push(fuzzyClause(word));
  // A single letter is too short to complete, unless typed on to a number ("256g" on the way to "256gb"); a single
  // digit is not completed ("gears3" is not "gears 360").
  if (isLast && (word.word.length >= 2 || (word.joinedToPrevious && LETTER.test(word.word)))) queries.push(prefixClause(word.word));
  const joinedMatch = (field: string, value: string): Query => ({
    constant_score: { filter: { term: { [field]: value } }, boost: fieldBoosts.titleJoined },
  });
  if (word.word.length >= MIN_GLUED_LENGTH) queries.push(joinedMatch('title_joined', word.term));
  for (const together of joinedWords) {
    queries.push({ term: { title_terms: { value: stem(together), boost: fieldBoosts.title } } });
    if (options.joinedTypos) queries.push(...joinedTypoClause(together));
    // A measure or model attribute written glued ("256GB") is one value, which the query's words ("256", "gb") each miss.
    if (DIGIT.test(together))
      queries.push({ term: { attributes: { value: together, case_insensitive: true, boost: fieldBoosts.attributes } } });
  }
  return { dis_max: { queries, tie_breaker: 0.1 } };
}

/**
 * Fuzzy and prefix matches compare unstemmed title words, where a plural
 * typed would favour titles that use the plural ("Battery for laptops") over
 * the product named in the singular ("Laptop 15 inch"). Each also looks for a
 * plural's singular, in one clause that counts once: the prefix as a second
 * prefix (a precomputed term, cheap), the typo match as the singular written
 * exactly, scored like an exact fuzzy match (a second fuzzy query per plural
 * word made searches several times slower).
 */
function fuzzyClause(word: QueryWord): Query {
  const boost = fieldBoosts.title * fieldBoosts.fuzzyPenalty;
  const fuzzy: Query = {
    fuzzy: { title_words: { value: word.word, fuzziness: word.fuzziness, prefix_length: 1, max_expansions: 20, boost } },
  };
  const one = singular(word.word);
  return one === word.word ? fuzzy : { dis_max: { queries: [fuzzy, { term: { title_words: { value: one, boost } } }] } };
}

/**
 * A word split and misspelt at once ("battle feild", "boarder lands"): the
 * words written together, within the typo tolerance of a word that long, as
 * a title word. A fuzzy query per pair is too dear for every search, so only
 * the fallback that needs fewer words (`relaxed`) looks for it, where it lets
 * the products matching all the words the shopper meant come first.
 */
function joinedTypoClause(together: string): Query[] {
  const fuzziness = fuzzinessFor(together);
  if (fuzziness === 0) return [];
  const boost = fieldBoosts.title * fieldBoosts.fuzzyPenalty;
  return [{ fuzzy: { title_words: { value: together, fuzziness, prefix_length: 1, max_expansions: 20, boost } } }];
}

function prefixClause(typed: string): Query {
  const prefix = (value: string): Query => ({ prefix: { title_words: { value, boost: fieldBoosts.prefix } } });
  const one = singular(typed);
  return one === typed ? prefix(typed) : { dis_max: { queries: [prefix(typed), prefix(one)] } };
}

/** Several words that must all match (a multi-word synonym or the words it stands for), optionally weighted; `joined[i]` are word i's joined forms. */
function allWords(words: QueryWord[], prefixLast: boolean, boost?: number, joined: ReadonlyArray<readonly string[]> = []): Query {
  if (words.length === 1) {
    const clause = wordClause(words[0]!, prefixLast, joined[0]).dis_max;
    return { dis_max: boost === undefined ? clause : { ...clause, boost } };
  }
  return {
    bool: {
      must: words.map((w, i) => wordClause(w, prefixLast && i === words.length - 1, joined[i])),
      ...(boost === undefined ? {} : { boost }),
    },
  };
}

/**
 * The words typed or any of their synonyms: dis_max keeps the best of them,
 * and alternatives carry weights below 1, so a product matching what was
 * typed ranks above one matching only a synonym.
 */
export function synonymClause(
  typed: QueryWord[],
  span: QueryAlternatives,
  isLast: boolean,
  typedJoined: ReadonlyArray<readonly string[]> = [],
): Query {
  return {
    dis_max: {
      queries: [allWords(typed, isLast, undefined, typedJoined), ...span.alternatives.map((a) => allWords(a.words, false, a.weight))],
    },
  };
}

/**
 * One clause per word, except that a span with synonyms becomes one clause
 * (and counts as one word), and so do the pieces of one written word
 * ("x16" → "x" and "16", `joinedToPrevious`): when fewer words are needed,
 * a model code is kept or dropped whole.
 */
function wordUnits(query: AnalyzedQuery, joinedTypos: boolean): Query[] {
  const words = query.words;
  const last = words.length - 1;
  // Word i written together with the word before it and with the word after it (when both can be joined).
  const joinedAround = (i: number) => [
    ...(i > 0 ? joinedPairs([words[i - 1]!.word, words[i]!.word]) : []),
    ...(i < last ? joinedPairs([words[i]!.word, words[i + 1]!.word]) : []),
  ];
  const units: Array<{ clauses: Query[]; lastWord: number | null }> = [];
  const addWord = (i: number) => {
    const clause = wordClause(words[i]!, i === last, joinedAround(i), { joinedTypos });
    const previous = units.at(-1);
    if (words[i]!.joinedToPrevious && previous?.lastWord === i - 1)
      [previous.clauses, previous.lastWord] = [[...previous.clauses, clause], i];
    else units.push({ clauses: [clause], lastWord: i });
  };
  let at = 0;
  for (const span of query.synonyms ?? []) {
    for (; at < span.start; at++) addWord(at);
    const typedJoined = words.slice(span.start, span.end).map((_, k) => joinedAround(span.start + k));
    units.push({ clauses: [synonymClause(words.slice(span.start, span.end), span, span.end - 1 === last, typedJoined)], lastWord: null });
    at = span.end;
  }
  for (; at < words.length; at++) addWord(at);
  return units.map(({ clauses, lastWord }) => {
    const clause: Query = clauses.length === 1 ? clauses[0]! : { bool: { must: clauses } };
    const initials = query.initials && lastWord !== null ? initialsOf(words.slice(lastWord - clauses.length + 1, lastWord + 1)) : null;
    if (initials === null) return clause;
    // The initials of a title's name are one more way to write its words: a constant below any real title match.
    return {
      dis_max: { queries: [clause, { constant_score: { filter: { term: { title_joined: initials } }, boost: fieldBoosts.titleJoined } }] },
    };
  });
}

// What a shopper's abbreviation looks like: three to five letters ("cod"), or two to five with a number ("mw3").
const INITIALS = /^(?:[a-z]{3,5}|[a-z]{2,5}\d{1,4})$/;

/**
 * The written word a unit's words spell, when it could be a name's initials
 * as src/core/text/acronyms.ts stores them ("cod"; "mw3" from "mw" and "3"
 * typed together); null otherwise.
 */
export function initialsOf(unit: readonly QueryWord[]): string | null {
  if (unit.length > 2 || unit.some((w, i) => i > 0 !== (w.joinedToPrevious === true))) return null;
  const written = unit.map((w) => w.word).join('');
  return INITIALS.test(written) ? written : null;
}

/** Whether reading initials could change what the query finds: some word, or glued pair, could be initials. */
export function mayBeInitials(query: AnalyzedQuery): boolean {
  return query.words.some(
    (w, i) => initialsOf([w]) !== null || (w.joinedToPrevious === true && initialsOf([query.words[i - 1]!, w]) !== null),
  );
}

/**
 * Whether the fewer-words query (`relaxed`) can match a product the query itself does not: it needs fewer of the
 * query's units than all of them. Words that form one unit (a model code typed glued, "x15"; a phrase with synonyms,
 * "running shoes") are kept or dropped whole, so such a query has nothing to drop.
 */
export function mayMatchFewerWords(query: AnalyzedQuery): boolean {
  const units = wordUnits(query, false).length;
  return requiredWords(units, 'relaxed') < units;
}

/**
 * The text part of a search: every word (or enough of them, when relaxed)
 * must match somewhere; whole-title and phrase matches add on top, so exact
 * matches come first and words close together beat words far apart.
 */
export function textQuery(query: AnalyzedQuery, requirement: WordRequirement): Query {
  if (query.words.length === 0) return { match_none: {} };
  const units = wordUnits(query, requirement === 'relaxed');
  const must: Query = { bool: { should: units, minimum_should_match: requiredWords(units.length, requirement) } };
  const should: Query[] = [
    { term: { title_exact: { value: query.normalized, boost: fieldBoosts.titleExact } } },
    // On the stemmed title terms, so "laptops" and "laptop" are the same phrase: the plural typed must not
    // lift titles that use the plural ("Battery for laptops") above the product ("Laptop 15 inch").
    { match_phrase: { title_terms: { query: query.words.map((w) => w.term).join(' '), slop: 2, boost: fieldBoosts.titlePhrase } } },
    { match_phrase: { title_zh: { query: query.normalized, slop: 1, boost: fieldBoosts.titlePhrase } } },
  ];
  return { bool: { must: [must], should } };
}

const ONE_TOKEN = /^\S+$/;

/**
 * The words, or the product whose id the query is: shoppers paste an item
 * number from a receipt, an advert or another page ("2467183"), and the
 * product it names is exactly what they asked for, however its title reads.
 * Ids are compared exactly as stored; a query of several words is no id.
 */
export function orProductId(text: Query, raw: string): Query {
  const typed = raw.trim();
  if (!ONE_TOKEN.test(typed)) return text;
  return { bool: { should: [text, { term: { id: { value: typed, boost: fieldBoosts.titleExact } } }], minimum_should_match: 1 } };
}
