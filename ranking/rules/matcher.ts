import { analyze } from '../../src/core/text';
import { compareMatches } from './order';
import type { MatchInput, QueryMatch, Rule, RuleMatch } from './types';

/**
 * Rules indexed so that a request looks up only the rules that could match
 * it, never scanning them all: a query of n terms costs one exact lookup, at
 * most n prefix lookups and n·k "contains" lookups (k = longest contains
 * value), plus one lookup per ancestor of the viewed category.
 *
 * Queries compare as term sequences after the search's own analysis
 * (normalise, split, jieba for Chinese, English stems), so "Running Shoes"
 * and "run shoe" are the same query here as in the results. Matching is on
 * whole words: `starts_with "iphone"` matches "iPhone 15 case", not "iphones2".
 */

/** The terms a query or a rule value compares by. */
export function queryTerms(text: string): string[] {
  return analyze(text, { purpose: 'query' });
}

const keyOf = (terms: readonly string[]): string => terms.join(' ');

interface IndexedRule {
  rule: Rule;
  startsAt: number;
  endsAt: number;
  contexts: ReadonlySet<string> | null;
}

export interface RuleIndex {
  /** Rules indexed (enabled ones). */
  readonly size: number;
  readonly byQuery: Record<QueryMatch, Map<string, IndexedRule[]>>;
  /** Longest value (in terms) per kind: bounds the lookups per request. */
  readonly longest: Record<QueryMatch, number>;
  /** Rules with a category but no query condition. */
  readonly byCategory: Map<string, IndexedRule[]>;
  /** Rules with neither: they apply to every request (still subject to context and window). */
  readonly always: IndexedRule[];
  /** Enabled rules with the noResults condition: without any, a search that finds nothing need not match rules again. */
  readonly noResults: number;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Builds the index once per rules version; disabled rules are left out. */
export function compileRuleIndex(rules: readonly Rule[]): RuleIndex {
  const byQuery: RuleIndex['byQuery'] = { is: new Map(), starts_with: new Map(), contains: new Map() };
  const longest: RuleIndex['longest'] = { is: 0, starts_with: 0, contains: 0 };
  const byCategory = new Map<string, IndexedRule[]>();
  const always: IndexedRule[] = [];
  let size = 0;
  let noResults = 0;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    size++;
    const c = rule.conditions;
    if (c.noResults) noResults++;
    const indexed: IndexedRule = {
      rule,
      startsAt: c.startsAt ? Date.parse(c.startsAt) : -Infinity,
      endsAt: c.endsAt ? Date.parse(c.endsAt) : Infinity,
      contexts: c.contexts && c.contexts.length > 0 ? new Set(c.contexts) : null,
    };
    if (c.query) {
      for (const value of new Set(c.query.values.map((v) => keyOf(queryTerms(v))))) {
        if (value === '') continue;
        push(byQuery[c.query.match], value, indexed);
        longest[c.query.match] = Math.max(longest[c.query.match], value.split(' ').length);
      }
    } else if (c.category) {
      push(byCategory, c.category.id, indexed);
    } else {
      always.push(indexed);
    }
  }
  return { size, byQuery, longest, byCategory, always, noResults };
}

type QueryHit = NonNullable<RuleMatch['query']>;

/** Keeps, per rule, the most specific way its query condition matched. */
function collectQueryHits(index: RuleIndex, terms: readonly string[]): Map<IndexedRule, QueryHit> {
  const hits = new Map<IndexedRule, QueryHit>();
  const add = (list: IndexedRule[] | undefined, match: QueryMatch, words: number, value: string) => {
    for (const rule of list ?? []) {
      const seen = hits.get(rule);
      if (!seen || seen.words < words) hits.set(rule, { match, value, words });
    }
  };
  const n = terms.length;
  if (n === 0) return hits;
  const whole = keyOf(terms);
  add(index.byQuery.is.get(whole), 'is', n, whole);
  for (let len = Math.min(n, index.longest.starts_with); len >= 1; len--) {
    const key = keyOf(terms.slice(0, len));
    add(index.byQuery.starts_with.get(key), 'starts_with', len, key);
  }
  for (let len = Math.min(n, index.longest.contains); len >= 1; len--) {
    for (let start = 0; start + len <= n; start++) {
      const key = keyOf(terms.slice(start, start + len));
      add(index.byQuery.contains.get(key), 'contains', len, key);
    }
  }
  return hits;
}

/** The deepest way a rule's category condition holds for the request's categories, or null. */
function categoryHit(rule: Rule, paths: readonly string[][]): RuleMatch['category'] {
  const wanted = rule.conditions.category!;
  let best: RuleMatch['category'] = null;
  for (const path of paths) {
    const depth = path.indexOf(wanted.id);
    if (depth < 0) continue;
    if (!wanted.includeDescendants && depth !== path.length - 1) continue;
    if (!best || depth > best.depth) best = { id: wanted.id, depth, includeDescendants: wanted.includeDescendants };
  }
  return best;
}

/**
 * The rules that apply to a request, in the order conflicts resolve
 * (see order.ts). Every condition a rule states must hold.
 */
export function matchRules(index: RuleIndex, input: MatchInput): RuleMatch[] {
  const candidates = new Map<IndexedRule, QueryHit | null>();
  if (input.queryTerms) for (const [rule, hit] of collectQueryHits(index, input.queryTerms)) candidates.set(rule, hit);
  for (const path of input.categoryPaths)
    for (const id of path) for (const rule of index.byCategory.get(id) ?? []) candidates.set(rule, null);
  for (const rule of index.always) candidates.set(rule, null);

  const matches: RuleMatch[] = [];
  for (const [indexed, query] of candidates) {
    if (input.now < indexed.startsAt || input.now >= indexed.endsAt) continue;
    if (indexed.rule.conditions.noResults && !input.noResults) continue;
    if (indexed.contexts && (input.context === null || !indexed.contexts.has(input.context))) continue;
    const category = indexed.rule.conditions.category ? categoryHit(indexed.rule, input.categoryPaths) : null;
    if (indexed.rule.conditions.category && !category) continue;
    matches.push({ rule: indexed.rule, query, category, context: indexed.contexts ? input.context : null });
  }
  return matches.sort(compareMatches);
}
