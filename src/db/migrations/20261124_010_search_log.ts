import type { Knex } from 'knex';

/** Every storefront search, for analytics and for learning popular queries (suggestions). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('search_log', (t) => {
    t.bigIncrements('id');
    t.text('query').nullable();
    // The query after the shared text normalisation: what analytics group by.
    t.text('normalized_query').nullable();
    t.jsonb('filters').notNullable().defaultTo('{}');
    t.text('sort').notNullable();
    t.integer('result_count').notNullable();
    t.boolean('corrected').notNullable().defaultTo(false);
    t.integer('latency_ms').notNullable();
    t.text('customer_id').nullable();
    t.text('session_id').nullable();
    t.text('request_id').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index search_log_created_at_brin on search_log using brin (created_at)');
  await knex.raw(
    'create index search_log_normalized_query on search_log (normalized_query, created_at) where normalized_query is not null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('search_log');
}
