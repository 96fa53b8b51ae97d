import type { QueryMatch, RuleMatch } from './types';

/**
 * The order in which matching rules take effect, which is how conflicts
 * resolve (the first rule to claim a pin slot, a product, the rewrite or the
 * redirect keeps it). Deterministic, so every API process agrees:
 *
 * 1. priority, higher first;
 * 2. specificity, more specific first, compared part by part:
 *    a. how the query matched: is > starts_with > contains > no query condition;
 *    b. how many query words the matched value has (longer is narrower);
 *    c. the depth of the matched category (a leaf beats its ancestors), none lowest;
 *    d. a category rule without descendants beats one with them;
 *    e. a rule limited to a context beats one for every context;
 * 3. rule id, older (smaller) first.
 */

const queryRank: Record<QueryMatch, number> = { is: 3, starts_with: 2, contains: 1 };

export function specificity(match: RuleMatch): number[] {
  return [
    match.query ? queryRank[match.query.match] : 0,
    match.query?.words ?? 0,
    match.category ? match.category.depth + 1 : 0,
    match.category && !match.category.includeDescendants ? 1 : 0,
    match.context !== null ? 1 : 0,
  ];
}

/** Numeric ids compare as numbers ("9" before "10"); any others (preview drafts) after them, by text. */
export function compareRuleIds(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareMatches(a: RuleMatch, b: RuleMatch): number {
  if (a.rule.priority !== b.rule.priority) return b.rule.priority - a.rule.priority;
  const sa = specificity(a);
  const sb = specificity(b);
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i]! - sa[i]!;
  return compareRuleIds(a.rule.id, b.rule.id);
}
