import type { FacetAggregates } from '../../../../src/search/facets/definition';
import { parseSearchRequest, type SearchRequest } from '../../../../src/search/request/params';
import recorded from './recorded-aggregations.json';

export type RecordedName = keyof typeof recorded.responses;

/** A recorded Elasticsearch answer (recorded-aggregations.json), with the request it answered. */
export function recordedAnswer(name: RecordedName): { request: SearchRequest; attributeKeys: string[]; aggregations: FacetAggregates } {
  const { query, attributeKeys, aggregations } = recorded.responses[name];
  return { request: parseSearchRequest(query), attributeKeys, aggregations };
}
