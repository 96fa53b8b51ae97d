import type { Knex } from 'knex';

/**
 * Search-log rows that are noise, not shoppers' words: attack strings (markup,
 * template and SQL injection, path traversal), text longer than any product
 * name a shopper types, and punctuation with no word. Analytics leave them out
 * of every table and rate, and count them apart.
 */

/** Postgres's regex for a query that is noise, not a shopper's words (the search log keeps the normalised, lower-case text). */
export const noisePattern = [
  '[<>{};]', // markup, templates, statements
  '\\$\\{', // ${…} lookups
  '\\.\\./', // path traversal
  '--|/\\*', // SQL comments
  '\\mselect\\M.*\\mfrom\\M|\\munion\\M.*\\mselect\\M|\\mor\\M\\s+\\d+\\s*=\\s*\\d+', // SQL
  '^[\\s!-/:-@[-`{-~]*$', // ASCII punctuation and spaces only, no word (CJK text is never caught here)
].join('|');
/** Longer than any product name a shopper would type: pasted text or a probe. */
export const noiseLength = 100;

/** Adds "this query is not noise" to a search-log query. */
export function withoutNoise(query: Knex.QueryBuilder, db: Knex, column = 'normalized_query'): Knex.QueryBuilder {
  return query.where(db.raw(`length(${column}) <= ?`, [noiseLength])).whereRaw(`${column} !~ ?`, [noisePattern]);
}
