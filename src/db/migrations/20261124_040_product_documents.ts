import type { Knex } from 'knex';

/**
 * Every product's search document as last built, with the product version
 * and the document builder it was built from. A document is a pure function
 * of those two (signals and recommendation jobs bump the product version),
 * so a full reindex can send a stored document as it is instead of reading
 * the joins and running the text analysis again; anything else is rebuilt.
 *
 * Unlogged: it is derived data that Postgres can lose on a crash (the table
 * comes back empty and the next reindex rebuilds; a standby has none), and
 * skipping the WAL keeps writing ~2 KB per product cheap. Bodies are lz4
 * compressed in the row (storage main, compression tried above 128 bytes):
 * measured on the 100k fixture, 164 MB instead of 234 MB, at the same read
 * cost (lz4 decompresses faster than the page is read) and ~2.5 µs more
 * per write.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create unlogged table product_documents (
      product_id text primary key,
      version bigint not null,
      builder text not null,
      body text not null,
      stored_at timestamptz not null default now()
    ) with (toast_tuple_target = 128)`);
  await knex.raw('alter table product_documents alter column body set storage main, alter column body set compression lz4');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('product_documents');
}
