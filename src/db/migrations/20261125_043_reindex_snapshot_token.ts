import type { Knex } from 'knex';

/**
 * A reindex that succeeded names the snapshot of _bulk bodies it left
 * (indexers/reindex/snapshot.ts) with a random token kept here and in the
 * snapshot's manifest. The next reindex uses a snapshot only if its token is
 * in this database: product versions come from a sequence, so another
 * database (a fresh one after `initdb`, another schema with the same index
 * prefix, a restore to an earlier point) can hold the same ids at the same
 * versions with different content, and must not be sent those documents.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('search_reindex_runs', (table) => {
    table.text('snapshot_token').unique();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('search_reindex_runs', (table) => {
    table.dropColumn('snapshot_token');
  });
}
