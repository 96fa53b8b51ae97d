import { z } from 'zod';
import { validationError } from './errors';

/**
 * Parses request input with a zod schema; the first problem becomes a 400
 * naming the field (`items[2].type`), so clients can point at it.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    throw validationError(fieldPath(root, [...issue.path, key]), `Unknown field "${key}".`);
  }
  throw validationError(fieldPath(root, issue.path), issue.message);
}

export function fieldPath(root: string | undefined, path: ReadonlyArray<PropertyKey>): string {
  let out = root ?? '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? 'body' : out;
}

/**
 * Ids of products, merchants, brands, categories, customers and sessions: what a URL path segment and a log line can carry as they are.
 * Taken exactly as sent: an id with surrounding or invisible whitespace (a BOM, a zero-width space) is a 400, never trimmed into
 * another record's id.
 */
export const identifier = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:/-]+$/, 'Use letters, digits and . _ : / - only (no spaces or invisible characters).');

/**
 * A storefront context tag (channel, locale, segment): what a search request sends as `context`, what merchandising rules'
 * context conditions list, and what the search log stores and analytics filter on (search_log.context checks the same form).
 */
export const contextTag = z.string().regex(/^[a-z0-9_:-]{1,64}$/, 'Context tags are lowercase letters, digits and _ : -.');

/** Bounds of Postgres's `integer` and `bigint` columns: a number past them is a 400 here, not a 500 from the database. */
export const int4Max = 2_147_483_647;
export const int8Max = 9_223_372_036_854_775_807n;

/** A whole number that fits an `integer` column. */
export const int4 = (min = 0, max = int4Max) => z.number().int().min(min).max(max);

/** A `bigint` row id in a URL (`/v1/admin/keys/42`): digits only, and no larger than the column can hold. */
export const bigintId = (what: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,18}$/, `${what} ids are positive whole numbers.`)
    // Zod runs every check even after the pattern failed: only digits reach BigInt.
    .refine((v) => !/^\d+$/.test(v) || BigInt(v) <= int8Max, `${what} ids are at most ${int8Max}.`);

/**
 * The instants the API accepts: ISO 8601 with a time zone, years 1970 to 9999, at most nine digits of fractions.
 * Postgres stores far more (4713 BC to 294276 AD) but rejects what ISO 8601 and JavaScript also allow, such as year 0000 or a
 * fraction too long for its parser; 1970 is the epoch every computed window (Date.parse, epoch milliseconds) is safe from, and no
 * order, event or campaign predates it; 9999 is the last year of the four-digit format, which merchandisers use as "never ends".
 */
export const instantRange = { earliest: Date.UTC(1970, 0, 1), latest: Date.UTC(10_000, 0, 1) - 1 } as const;
const instantMessage = 'Give an ISO 8601 date-time with a time zone, e.g. 2026-12-01T00:00:00Z.';
export const instant = z.iso
  .datetime({ offset: true, error: instantMessage })
  .max(40, instantMessage)
  .refine((v) => !/\.\d{10}/.test(v), 'At most 9 digits of fractions of a second.')
  .refine((v) => {
    const at = Date.parse(v);
    return at >= instantRange.earliest && at <= instantRange.latest;
  }, 'Give a date-time between 1970-01-01 and 9999-12-31.');

/**
 * A NUL (Postgres text and jsonb refuse it) or half of a UTF-16 surrogate pair (not Unicode: jsonb and UTF-8 refuse it). With
 * the `u` flag a surrogate pair is one code point, so only the unpaired halves match the range.
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const unstorable = /[\u0000\ud800-\udfff]/u;

/** Why Postgres could not store `value`, or null when it can. */
export function unstorableText(value: string): string | null {
  const found = unstorable.exec(value);
  if (found === null) return null;
  return found[0] === '\u0000'
    ? 'Contains a NUL character (\\u0000).'
    : 'Contains an unpaired UTF-16 surrogate, which is not Unicode text.';
}

/**
 * Control characters other than tab and line breaks. Storable, but no query-string value means them, and Elasticsearch
 * reserves some (its completion suggester refuses U+001F): a URL parameter carrying one is refused at the edge.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const control = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Why a query-string value cannot be taken (NUL, lone surrogate, control character), or null when it can. */
export function unacceptableParameter(value: string): string | null {
  const why = unstorableText(value);
  if (why) return why;
  const found = control.exec(value);
  return found === null ? null : `Contains a control character (U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}).`;
}

/** `value` made storable: NULs removed, unpaired surrogates replaced by U+FFFD. For data that is recorded, not answered (logs). */
export function storableText(value: string): string {
  return unstorable.test(value) ? value.replaceAll('\u0000', '').replace(/[\ud800-\udfff]/gu, '\ufffd') : value;
}

/** `value` with what Postgres cannot store written as its `\uXXXX` escape: how an error names a field whose name holds a NUL. */
export function escapedText(value: string): string {
  return unstorable.test(value)
    ? value.replace(new RegExp(unstorable.source, 'gu'), (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : value;
}
