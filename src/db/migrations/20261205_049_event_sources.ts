import type { Knex } from 'knex';

/**
 * Who sent an event, as a pseudonym: events.source is md5(salt || address),
 * the client address key the rate limiter counts (an IPv4 address, or an IPv6
 * /64) hashed in Postgres with a salt that is random per database and never
 * leaves it (so the 2^32 IPv4 addresses cannot simply be hashed in turn to
 * undo it). Signals and trending count one address as a couple of shoppers at
 * most per product, event type and day (indexers/signals/event-counts.ts), so
 * that a flood of events under made-up sessions from one address cannot push a
 * product up. Null for events stored before this column and for events not
 * written through the API; those are bounded per session or customer instead.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('event_source_salt', (t) => {
    t.integer('id').primary();
    t.text('salt').notNullable();
    t.check('id = 1', [], 'event_source_salt_one_row');
  });
  await knex.raw(
    "insert into event_source_salt (id, salt) values (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))",
  );
  await knex.schema.alterTable('events', (t) => {
    t.text('source').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.dropColumn('source');
  });
  await knex.schema.dropTableIfExists('event_source_salt');
}
