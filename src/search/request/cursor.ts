import { validationError } from '../../core/errors';

/**
 * The value types of each sort's `search_after`, in the order of its sort clause (src/search/body/sort.ts; a unit test holds
 * the two and the index mapping together). A cursor is the last hit's sort values, base64url JSON that any client can forge,
 * so every value is checked against its field's type here: Elasticsearch answers a string for a number with a 400 and a
 * null for a number with a 500, and neither may reach it.
 */
export type SortValueKind = 'float' | 'double' | 'integer' | 'date' | 'keyword';

export const sortValueKinds = {
  relevance: ['float', 'float', 'keyword'], // _score, popularity, id
  newest: ['date', 'keyword'], // created_at, id
  price_asc: ['double', 'keyword'], // price, id
  price_desc: ['double', 'keyword'],
  best_selling: ['float', 'float', 'keyword'], // popularity, _score, id
  rating: ['float', 'integer', 'keyword'], // rating (missing last), review_count, id
} as const satisfies Record<string, readonly SortValueKind[]>;

export type CursorSort = keyof typeof sortValueKinds;

const maxFloat = 3.4028234663852886e38;
/** Elasticsearch writes a missing float or double as ±Infinity, which JSON can only carry as a string. */
const infinities: ReadonlySet<unknown> = new Set(['Infinity', '-Infinity']);
const valid: Record<SortValueKind, (value: unknown) => boolean> = {
  float: (v) => infinities.has(v) || (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= maxFloat),
  double: (v) => infinities.has(v) || (typeof v === 'number' && Number.isFinite(v)),
  integer: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2_147_483_647,
  // Epoch milliseconds, within what a JavaScript Date can hold.
  date: (v) => typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) <= 8.64e15,
  keyword: (v) => typeof v === 'string' && v.length > 0 && v.length <= 512,
};

/** Checks a cursor given with `sort` (already a safe base64url string of bounded length); a bad one is a 400 naming `cursor`. */
export function checkCursor(cursor: string, sort: CursorSort): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw validationError('cursor', 'Not a cursor from a previous response.');
  }
  const kinds: readonly SortValueKind[] = sortValueKinds[sort];
  if (!Array.isArray(parsed) || parsed[0] !== sort || parsed.length !== kinds.length + 1) {
    throw validationError('cursor', 'Not a cursor for this sort; start again from page 1.');
  }
  if (!kinds.every((kind, i) => valid[kind](parsed[i + 1]))) {
    throw validationError('cursor', 'Not a cursor from a previous response; start again from page 1.');
  }
}
