import type { Knex } from 'knex';

/**
 * Tags on merchandising rules (issue 20): words a merchandiser files rules
 * under ("black-friday", "shoes") to find and change many at once. Matching
 * ignores them; a GIN index lets a list filter on one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('merchandising_rules', (t) => {
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
  });
  await knex.raw('create index merchandising_rules_tags on merchandising_rules using gin (tags)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists merchandising_rules_tags');
  await knex.schema.alterTable('merchandising_rules', (t) => {
    t.dropColumn('tags');
  });
}
