import { createHash } from 'node:crypto';
import type { SearchRequest } from './request/params';

/**
 * The `preference` of a search: requests with the same one read the same copy of each shard, so
 * with replicas the pages of one listing come from copies that agree on scores and tie order (two
 * copies can differ in deleted documents still counted, which reorders near-ties between pages).
 * A session's or customer's searches stick together; without either, every shopper paging the
 * same listing (query, filters, sort) does, and different listings still spread over the copies.
 * Page and cursor are left out on purpose: they change between the pages that must agree.
 */
export function searchPreference(request: Pick<SearchRequest, 'sessionId' | 'customerId' | 'q' | 'filters' | 'sort'>): string {
  if (request.sessionId !== null) return `session:${request.sessionId}`;
  if (request.customerId !== null) return `customer:${request.customerId}`;
  const listing = JSON.stringify([request.q, request.filters, request.sort]);
  return `listing:${createHash('sha256').update(listing).digest('base64url').slice(0, 22)}`;
}
