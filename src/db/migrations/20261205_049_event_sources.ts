import type { Knex } from 'knex';

/**
 * Who sent an event, as a pseudonym: events.source is md5(salt || address),
 * the client address key the rate limiter counts (an IPv4 address, or an IPv6
 * /64) hashed in Postgres with the salt migration 048 made for the search log
 * (client_address_salt; see src/core/client-address-pseudonym.ts). Signals and trending count one address as a couple of shoppers at
 * most per product, event type and day (indexers/signals/event-counts.ts), so
 * that a flood of events under made-up sessions from one address cannot push a
 * product up. Null for events stored before this column and for events not
 * written through the API; those are bounded per session or customer instead.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.text('source').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('events', (t) => {
    t.dropColumn('source');
  });
}
