import type { Knex } from 'knex';

/** Queries shoppers type that find something, counted from the search log: the "popular queries" of as-you-type suggestions. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('popular_queries', (t) => {
    t.text('normalized_query').primary();
    t.integer('searches').notNullable();
    t.integer('last_result_count').notNullable();
    t.timestamp('last_searched_at', { useTz: true }).notNullable();
  });
  // Prefix lookups (`like 'abc%'`) need the pattern operator class whatever the collation.
  await knex.raw('create index popular_queries_prefix on popular_queries (normalized_query text_pattern_ops)');
  await knex.schema.createTable('popular_queries_state', (t) => {
    t.integer('id').primary();
    t.bigInteger('last_search_log_id').notNullable();
  });
  await knex('popular_queries_state').insert({ id: 1, last_search_log_id: 0 });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('popular_queries_state');
  await knex.schema.dropTableIfExists('popular_queries');
}
