import type { Knex } from 'knex';

/**
 * Outbox rows are claimed with a lease instead of a row lock held for the
 * whole relay pass: the relay used to keep a transaction open while
 * Elasticsearch took its _bulk, pinning a connection, holding back vacuum and
 * the xmin horizon for as long as Elasticsearch was slow. Now a short
 * transaction stamps the rows claimed (claimed_by, claimed_until), the _bulk
 * runs with no transaction open, and a second short transaction marks them
 * processed or hands them back with a backoff. A relay that dies mid-pass
 * leaves its lease to expire, and the rows are claimed again.
 *
 * All columns are nullable or have a constant default, so adding them does
 * not rewrite the table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('search_outbox', (t) => {
    // Which relay pass holds the row (host:pid:nonce), kept after delivery to see who delivered it.
    t.text('claimed_by').nullable();
    // Not claimable before this instant: the lease of the pass holding it, or the backoff after a failed pass.
    t.timestamp('claimed_until', { useTz: true }).nullable();
    // Failed delivery attempts so far; the backoff doubles with each.
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('search_outbox', (t) => {
    t.dropColumn('last_error');
    t.dropColumn('attempts');
    t.dropColumn('claimed_until');
    t.dropColumn('claimed_by');
  });
}
