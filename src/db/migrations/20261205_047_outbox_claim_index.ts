import type { Knex } from 'knex';

/**
 * Indexes that fit the outbox relay's claim condition (indexers/outbox/claim.ts):
 * a pending row is claimable when it was never claimed (claimed_until null) or
 * its lease or backoff has run out (claimed_until past). The only index on
 * pending rows was (id) where processed_at is null, so finding claimable rows
 * walked every pending row, and the listener's once-a-second "anything
 * claimable?" read the whole table: with 1M delivered rows and 200k pending
 * rows all waiting out a backoff, that check was a sequential scan of 1.2M rows
 * (87-153 ms, 17.4k buffers) and a claim walked 200k index entries and their
 * rows (23-36 ms, 3.7k buffers) to find nothing. With one partial index per
 * half, each reads only what it returns: 0.07 ms (3 buffers) and 0.14 ms (6).
 * (EXPLAIN ANALYZE, Postgres 15; the check is written `order by ... limit 1`
 * so that the planner does not pick a sequential scan that must pass every
 * delivered row before it reaches the newest, pending ones: 75 ms with 200k
 * never-claimed rows behind 1M delivered, 0.1 ms so.)
 *
 * claimed_until is indexed now, so claims, lease renewals and hand-backs are
 * no longer HOT updates: each adds index entries. Rows are written a few times
 * in their life (claimed, perhaps renewed, processed), which is cheap next to
 * reading every pending row every second.
 */
/** Built concurrently, outside a transaction: the outbox takes a row with every product write, which must not wait for the build. */
export const config = { transaction: false };

const indexes = [
  // Never claimed: the claim takes the lowest ids first.
  { name: 'search_outbox_unclaimed', definition: 'on search_outbox (id) where processed_at is null and claimed_until is null' },
  // Leased or backing off: a range scan finds those whose time has come.
  {
    name: 'search_outbox_claimed_until',
    definition: 'on search_outbox (claimed_until) where processed_at is null and claimed_until is not null',
  },
];

export async function up(knex: Knex): Promise<void> {
  for (const index of indexes) {
    // A concurrent build that failed or was cancelled leaves an invalid index under the name: drop it and build again.
    const { rows } = await knex.raw<{ rows: Array<{ valid: boolean }> }>(
      `select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
       where c.relname = ? and c.relnamespace = current_schema()::regnamespace`,
      [index.name],
    );
    if (rows[0]?.valid === true) continue;
    if (rows[0]?.valid === false) await knex.raw(`drop index concurrently ${index.name}`);
    await knex.raw(`create index concurrently ${index.name} ${index.definition}`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const index of [...indexes].reverse()) await knex.raw(`drop index concurrently if exists ${index.name}`);
}
