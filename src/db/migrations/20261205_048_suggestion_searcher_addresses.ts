import type { Knex } from 'knex';

/**
 * Earned suggestions count client addresses, not only the session ids a
 * client makes up: one client sending three searches with three invented
 * `session` values was three "distinct searchers".
 *
 * - search_log.searcher_address: md5(salt || address)::uuid of the address
 *   the rate limiter counts (IPv4 as itself, IPv6 by its /64), written by the
 *   search log. The salt (client_address_salt, shared with events.source of
 *   migration 049; see src/core/client-address-pseudonym.ts) is random per
 *   database and never leaves it, so the log holds no address and a hash
 *   cannot be reversed by trying all 2^32 IPv4 addresses.
 * - popular_query_searchers.address: the last address a searcher searched
 *   the query from; popular_queries.addresses: how many distinct ones.
 *
 * Rows logged before this migration have no address and count for no one:
 * every searcher counted so far is dropped, so suggestions planted under the
 * old rule disappear, and queries shoppers really share come back as they are
 * searched again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('client_address_salt', (t) => {
    t.integer('id').primary();
    t.text('salt').notNullable();
    t.check('id = 1', [], 'client_address_salt_one_row');
  });
  await knex.raw(
    "insert into client_address_salt (id, salt) values (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))",
  );
  await knex.schema.alterTable('search_log', (t) => {
    t.uuid('searcher_address').nullable();
  });
  await knex.schema.alterTable('popular_query_searchers', (t) => {
    t.uuid('address').nullable();
  });
  await knex.schema.alterTable('popular_queries', (t) => {
    t.integer('addresses').notNullable().defaultTo(0);
  });
  await knex('popular_query_searchers').delete();
  await knex('popular_queries').update({ searchers: 0 });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('popular_queries', (t) => {
    t.dropColumn('addresses');
  });
  await knex.schema.alterTable('popular_query_searchers', (t) => {
    t.dropColumn('address');
  });
  await knex.schema.alterTable('search_log', (t) => {
    t.dropColumn('searcher_address');
  });
  await knex.schema.dropTableIfExists('client_address_salt');
}
