import { queryTerms } from './matcher';
import { specificity } from './order';
import type { RuleMatch } from './types';

export interface MatchExplanation {
  id: string;
  name: string;
  priority: number;
  /** The specificity parts in comparison order (see order.ts). */
  specificity: number[];
  /** The conditions that held, in words. */
  reasons: string[];
}

/** Why a rule fired, for the preview; kept off the search path, which only needs the match. */
export function explainMatch(match: RuleMatch): MatchExplanation {
  const c = match.rule.conditions;
  const reasons: string[] = [];
  if (match.query) {
    // The index compares analysed terms ("run shoe"); show the value as the merchandiser wrote it.
    const written = c.query?.values.find((v) => queryTerms(v).join(' ') === match.query!.value) ?? match.query.value;
    reasons.push(`query ${match.query.match.replace('_', ' ')} "${written}"`);
  }
  if (match.category)
    reasons.push(`category ${match.category.id}${match.category.includeDescendants ? ' or a descendant' : ''} is being viewed`);
  if (match.context !== null) reasons.push(`context is "${match.context}"`);
  if (c.noResults) reasons.push('the search found nothing');
  if (c.startsAt || c.endsAt)
    reasons.push(
      `active ${c.startsAt ? `from ${c.startsAt}` : ''}${c.startsAt && c.endsAt ? ' ' : ''}${c.endsAt ? `until ${c.endsAt}` : ''}`,
    );
  if (reasons.length === 0) reasons.push('no conditions: applies to every search');
  return { id: match.rule.id, name: match.rule.name, priority: match.rule.priority, specificity: specificity(match), reasons };
}
