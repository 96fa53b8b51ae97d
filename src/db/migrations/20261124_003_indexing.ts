import type { Knex } from 'knex';

/**
 * What the indexers keep in Postgres besides the outbox itself: the signals
 * and recommendation lists copied into product documents, documents that
 * Elasticsearch refused, and the history of full reindexes.
 */
export async function up(knex: Knex): Promise<void> {
  // The transaction that wrote each outbox row. Outbox ids follow insert order,
  // not commit order, so "id > position" alone can miss a change that was in
  // flight when a reindex started; a reindex instead replays every row whose
  // transaction its start snapshot could not see.
  await knex.raw('alter table search_outbox add column xact_id xid8 not null default pg_current_xact_id()');

  // Wakes listening workers as soon as a change commits (NOTIFY is delivered
  // at commit and collapsed per transaction), so the relay need not poll.
  // The payload is the outbox's schema, so installs sharing a database ignore each other.
  await knex.raw(`
    create function search_outbox_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('agora_search_outbox', tg_table_schema);
      return null;
    end $$;
    create trigger search_outbox_notify after insert on search_outbox
      for each statement execute function search_outbox_notify();
  `);

  await knex.schema.createTable('product_signals', (t) => {
    t.text('product_id').primary().references('products.id').onDelete('CASCADE');
    t.double('popularity').notNullable().defaultTo(0);
    t.double('trend').notNullable().defaultTo(1);
    t.double('purchases_7d').notNullable().defaultTo(0);
    t.double('views_7d').notNullable().defaultTo(0);
    t.timestamp('computed_at', { useTz: true }).notNullable();
  });

  // Written by the collaborative-filtering jobs; the document loader copies the lists.
  await knex.schema.createTable('product_recommendations', (t) => {
    t.text('product_id').primary().references('products.id').onDelete('CASCADE');
    t.specificType('also_bought', 'text[]').notNullable().defaultTo('{}');
    t.specificType('similar', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('computed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // One row per product whose latest write Elasticsearch refused; removed when a later write succeeds.
  await knex.schema.createTable('search_rejected_documents', (t) => {
    t.text('product_id').primary();
    t.bigInteger('version').notNullable();
    t.text('op').notNullable();
    t.text('index_name').notNullable();
    t.integer('status').notNullable();
    t.text('error_type').notNullable();
    t.text('reason').notNullable();
    t.integer('attempts').notNullable().defaultTo(1);
    t.timestamp('first_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('search_reindex_runs', (t) => {
    t.bigIncrements('id');
    t.text('index_name').notNullable();
    t.integer('index_version').notNullable();
    t.text('status').notNullable().defaultTo('running');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.bigInteger('outbox_position').notNullable();
    t.text('outbox_snapshot').notNullable();
    t.bigInteger('documents').nullable();
    t.bigInteger('rejected').nullable();
    t.bigInteger('replayed').nullable();
    t.integer('duration_ms').nullable();
    t.text('error').nullable();
    t.check("status in ('running','succeeded','failed')", [], 'search_reindex_runs_status_check');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('search_reindex_runs');
  await knex.schema.dropTableIfExists('search_rejected_documents');
  await knex.schema.dropTableIfExists('product_recommendations');
  await knex.schema.dropTableIfExists('product_signals');
  await knex.raw('drop trigger if exists search_outbox_notify on search_outbox; drop function if exists search_outbox_notify()');
  await knex.raw('alter table search_outbox drop column if exists xact_id');
}
