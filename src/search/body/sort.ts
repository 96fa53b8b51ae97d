import type { estypes } from '@elastic/elasticsearch';
import { validationError } from '../../core/errors';
import type { SortOption } from '../request/params';

/**
 * Each sort ends with the product id, so equal scores or prices always come
 * back in the same order and search_after cursors never skip or repeat.
 */
export function sortClause(sort: SortOption): estypes.SortCombinations[] {
  const tiebreak: estypes.SortCombinations = { id: { order: 'asc' } };
  switch (sort) {
    case 'relevance':
      return [{ _score: { order: 'desc' } }, { popularity: { order: 'desc' } }, tiebreak];
    case 'newest':
      return [{ created_at: { order: 'desc' } }, tiebreak];
    case 'price_asc':
      return [{ price: { order: 'asc' } }, tiebreak];
    case 'price_desc':
      return [{ price: { order: 'desc' } }, tiebreak];
    case 'best_selling':
      return [{ popularity: { order: 'desc' } }, { _score: { order: 'desc' } }, tiebreak];
    case 'rating':
      return [{ rating: { order: 'desc', missing: '_last' } }, { review_count: { order: 'desc' } }, tiebreak];
  }
}

type SortValue = string | number | null;

/** Cursors are the last hit's sort values, opaque to clients (base64url JSON) and checked on the way back. */
export function encodeCursor(sort: SortOption, values: SortValue[]): string {
  return Buffer.from(JSON.stringify([sort, ...values])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: SortOption): estypes.FieldValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw validationError('cursor', 'Not a cursor from a previous response.');
  }
  const expected = sortClause(sort).length;
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== sort ||
    parsed.length !== expected + 1 ||
    !parsed.slice(1).every((v) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
  ) {
    throw validationError('cursor', 'Not a cursor for this sort; start again from page 1.');
  }
  return parsed.slice(1) as estypes.FieldValue[];
}
