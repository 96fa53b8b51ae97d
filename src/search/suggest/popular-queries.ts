import type { Knex } from 'knex';
import { rankQuerySuggestions, type AddedQuery, type PopularQuery, type RankedQuery } from '../../../ranking/suggestions/rank';
import { isBanned, type SuggestionBan } from '../../../ranking/suggestions/fold';
import { isSuggestable } from '../../../ranking/suggestions/suggestable';

export interface QuerySuggestionSettings {
  /** Distinct searchers (sessions or customers) whose searches found products before a query is offered (SUGGEST_MIN_SEARCHERS). */
  minSearchers: number;
  /**
   * Distinct client addresses (hashed, see migration 048) among those searchers. Session ids are the client's to
   * choose; addresses are not. @default minSearchers
   */
  minAddresses?: number;
}

// Banned when a merchandiser's ban pattern matches the text padded with spaces (see ranking/suggestions/pattern.ts): a
// first cut in SQL; the word-wise check on folded text (ranking/suggestions/fold.ts) below is the one that decides.
const notBanned = (column: string) =>
  `not exists (select 1 from suggestion_overrides b where b.action = 'ban' and ' ' || ${column} || ' ' like b.pattern)`;

/**
 * The query suggestions for a normalised prefix: popular queries that earned
 * their place (enough distinct searchers within the window, and found
 * something when last searched) and merchandisers' additions, minus bans.
 * The `popular-queries` job keeps the counts current.
 */
export async function querySuggestionsStartingWith(
  db: Knex,
  prefix: string,
  size: number,
  settings: QuerySuggestionSettings,
): Promise<RankedQuery[]> {
  const like = `${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const [popular, added, bans] = await Promise.all([
    db('popular_queries as p')
      .where('p.normalized_query', 'like', like)
      .andWhere('p.last_result_count', '>', 0)
      .andWhere('p.searchers', '>=', settings.minSearchers)
      .andWhere('p.addresses', '>=', settings.minAddresses ?? settings.minSearchers)
      .andWhereRaw(notBanned('p.normalized_query'))
      .orderBy([
        { column: 'p.searchers', order: 'desc' },
        { column: 'p.searches', order: 'desc' },
        { column: 'p.normalized_query', order: 'asc' },
      ])
      // Room for rows the check below refuses: counted by older code, before queries were judged.
      .limit(size * 2 + 10)
      .select('p.normalized_query', 'p.searches', 'p.searchers') as Promise<
      Array<{ normalized_query: string; searches: number; searchers: number }>
    >,
    db('suggestion_overrides as a')
      .leftJoin('popular_queries as p', 'p.normalized_query', 'a.text')
      .where('a.action', 'add')
      .andWhere('a.text', 'like', like)
      .andWhereRaw(notBanned('a.text'))
      .orderBy('a.id')
      // Additions are few and hand-made; the ranking picks which of them fill the list.
      .limit(100)
      .select('a.text', 'a.weight', 'p.searches', 'p.searchers') as Promise<
      Array<{ text: string; weight: number | null; searches: number | null; searchers: number | null }>
    >,
    db('suggestion_overrides').where('action', 'ban').select('text', 'match') as Promise<SuggestionBan[]>,
  ]);
  const earned: PopularQuery[] = popular
    .filter((r) => isSuggestable(r.normalized_query) && !isBanned(r.normalized_query, bans))
    .map((r) => ({ text: r.normalized_query, searches: r.searches, searchers: r.searchers }));
  const additions: AddedQuery[] = added
    .filter((r) => !isBanned(r.text, bans))
    .map((r) => ({
      text: r.text,
      weight: r.weight,
      searches: r.searches ?? 0,
      searchers: r.searchers ?? 0,
    }));
  return rankQuerySuggestions(earned, additions, size);
}
