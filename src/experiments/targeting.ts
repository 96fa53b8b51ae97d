import { queryTerms } from '../../ranking/rules/matcher';
import type { SearchRequest } from '../search/request/params';
import type { Targeting } from './schemas';

/** Targeting compiled once per load: queries as their normalised words. */
export interface CompiledTargeting {
  queries: Set<string> | null;
  categories: Set<string> | null;
  contexts: Set<string> | null;
}

const keyOf = (text: string) => queryTerms(text).join(' ');

export function compileTargeting(t: Targeting): CompiledTargeting {
  const set = (values: string[] | undefined, f: (v: string) => string = (v) => v) =>
    values && values.length > 0 ? new Set(values.map(f)) : null;
  return { queries: set(t.queries, keyOf), categories: set(t.categories), contexts: set(t.contexts) };
}

/** Whether a search is in the experiment's audience: every list given must match (a category through any ancestor). */
export function targets(t: CompiledTargeting, request: SearchRequest, categoryPaths: string[][]): boolean {
  if (t.queries && (request.q === null || !t.queries.has(keyOf(request.q)))) return false;
  if (t.categories && !categoryPaths.some((path) => path.some((id) => t.categories!.has(id)))) return false;
  if (t.contexts && (request.context === null || !t.contexts.has(request.context))) return false;
  return true;
}

/** Who is assigned: the customer when signed in, else the session; neither means no experiment. */
export function unitOf(request: Pick<SearchRequest, 'customerId' | 'sessionId'>): string | null {
  return request.customerId ?? request.sessionId;
}
