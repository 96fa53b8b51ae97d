import path from 'node:path';
import type { Knex } from 'knex';

const migrationConfig: Knex.MigratorConfig = {
  directory: path.join(__dirname, 'migrations'),
  loadExtensions: ['.ts', '.js'],
  tableName: 'knex_migrations',
};

/** Applies pending migrations; returns the names of those applied. */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
  return applied;
}
