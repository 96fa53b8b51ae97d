import type { Knex } from 'knex';

/**
 * Analytics per storefront context and click positions (issue 20).
 * - search_log.context: the `context` tag of the search request (channel, locale, segment), the same value merchandising
 *   rules' context conditions match; null for a search without one. Indexed with the time, as reports filter on both.
 * - events.position: where the clicked product stood in the result list (1-based over all pages), when the storefront says.
 * The checks repeat the API's validation, so a row written by any other path cannot hold what the API would refuse.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('search_log', (t) => {
    t.text('context').nullable();
  });
  await knex.raw(`alter table search_log add constraint search_log_context_tag check (context ~ '^[a-z0-9_:-]{1,64}$')`);
  await knex.raw('create index search_log_context on search_log (context, created_at) where context is not null');
  await knex.schema.alterTable('events', (t) => {
    t.integer('position').nullable();
  });
  await knex.raw('alter table events add constraint events_position_range check (position between 1 and 1000000)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => t.dropColumn('position'));
  await knex.raw('drop index if exists search_log_context');
  await knex.schema.alterTable('search_log', (t) => t.dropColumn('context'));
}
