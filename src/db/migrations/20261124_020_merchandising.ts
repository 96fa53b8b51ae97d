import type { Knex } from 'knex';

/**
 * Merchandising: ranking rules, synonyms and ranking weights, and the audit
 * trail of every change to them. Definitions are jsonb validated by the API
 * (src/merchandising/schemas.ts): they are read whole by every API process
 * and never queried by field, so columns would only add migrations.
 */
export async function up(knex: Knex): Promise<void> {
  // One counter for all merchandising data. Every change increments it in its
  // own transaction, which takes the row lock: writers are serialised, so the
  // counter's order is commit order and an API process that has loaded
  // version N has seen every change up to N.
  await knex.schema.createTable('merchandising_state', (t) => {
    t.integer('id').primary();
    t.bigInteger('version').notNullable();
    t.check('id = 1', [], 'merchandising_state_single_row');
  });
  await knex('merchandising_state').insert({ id: 1, version: 0 });

  await knex.schema.createTable('merchandising_rules', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.boolean('enabled').notNullable();
    t.integer('priority').notNullable();
    t.jsonb('conditions').notNullable();
    t.jsonb('actions').notNullable();
    // The rule's own version, 1 on creation: clients send it back to update without overwriting someone else's change.
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('merchandising_synonyms', (t) => {
    t.bigIncrements('id');
    t.jsonb('definition').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // 'global', or a category id. No foreign key: weights of a deleted category
  // are never looked up, and a key here must not stop the category's deletion.
  await knex.schema.createTable('ranking_weights', (t) => {
    t.text('scope').primary();
    t.jsonb('weights').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // The audit trail: who changed what, when, and the whole before and after.
  await knex.schema.createTable('merchandising_changes', (t) => {
    t.bigIncrements('id');
    t.bigInteger('state_version').notNullable();
    t.text('entity').notNullable();
    t.text('entity_id').notNullable();
    t.integer('entity_version').notNullable();
    t.text('op').notNullable();
    t.text('actor_key_id').notNullable();
    t.text('actor_name').nullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.jsonb('before').nullable();
    t.jsonb('after').nullable();
    t.check("entity in ('rule','synonym','weights')", [], 'merchandising_changes_entity_check');
    t.check("op in ('create','update','delete')", [], 'merchandising_changes_op_check');
    t.index(['entity', 'entity_id', 'id']);
  });

  // Analytics: a redirected search has no hits but is not a "no results" query.
  await knex.schema.alterTable('search_log', (t) => {
    t.boolean('redirected').notNullable().defaultTo(false);
  });
  await knex.raw("create index events_search_clicks on events (occurred_at) where type = 'search_click'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists events_search_clicks');
  await knex.schema.alterTable('search_log', (t) => {
    t.dropColumn('redirected');
  });
  for (const table of [
    'merchandising_changes',
    'ranking_weights',
    'merchandising_synonyms',
    'merchandising_rules',
    'merchandising_state',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
