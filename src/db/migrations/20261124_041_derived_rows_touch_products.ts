import type { Knex } from 'knex';

/**
 * Signals and recommendation rows are copied into product documents, so a
 * change to them must bump the product's version like any catalog change:
 * the outbox then rewrites the document, and a stored document (see
 * product_documents) is only reused while its version is current. The jobs
 * touch the products themselves; these triggers make any other writer (a
 * manual fix, an import, a future job) do the same. Statement-level with
 * transition tables, so a job that writes 100k rows touches them in one
 * update; a product already touched in this transaction (the jobs' own
 * update) is skipped rather than written twice.
 */
const TABLES = ['product_signals', 'product_recommendations'] as const;
const EVENTS = [
  { event: 'insert', transition: 'new' },
  { event: 'update', transition: 'new' },
  { event: 'delete', transition: 'old' },
] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function derived_rows_touch_products() returns trigger language plpgsql as $$
    begin
      update products p set updated_at = now()
        from (select distinct product_id from changed_rows) c
        where p.id = c.product_id and p.status <> 'deleted' and p.updated_at is distinct from now();
      return null;
    end $$;`);
  for (const table of TABLES) {
    for (const { event, transition } of EVENTS) {
      await knex.raw(`
        create trigger ${table}_${event}_touch_products after ${event} on ${table}
          referencing ${transition} table as changed_rows
          for each statement execute function derived_rows_touch_products()`);
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES)
    for (const { event } of EVENTS) await knex.raw(`drop trigger if exists ${table}_${event}_touch_products on ${table}`);
  await knex.raw('drop function if exists derived_rows_touch_products()');
}
