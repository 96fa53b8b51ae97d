import type { Knex } from 'knex';

/**
 * A/B experiments on merchandising (issue 21). An experiment's variants are
 * drafts over the live merchandising, like the preview's (jsonb validated by
 * src/experiments/schemas.ts, read whole by every API process). Exposure is
 * the search log itself: each search served in an experiment names it and
 * its variant there, so counting searches and shoppers needs no second write
 * on the request path. Events may carry the request id of the search they
 * came from, which attributes them to that search's variant.
 */
export async function up(knex: Knex): Promise<void> {
  // Bumped by every experiment write, like merchandising_state: API processes poll it to reload.
  await knex.schema.createTable('experiments_state', (t) => {
    t.integer('id').primary();
    t.bigInteger('version').notNullable();
    t.check('id = 1', [], 'experiments_state_single_row');
  });
  await knex('experiments_state').insert({ id: 1, version: 0 });

  await knex.schema.createTable('experiments', (t) => {
    t.bigIncrements('id');
    t.text('name').notNullable();
    t.text('status').notNullable().defaultTo('draft');
    t.boolean('aa').notNullable().defaultTo(false);
    t.jsonb('variants').notNullable();
    t.jsonb('targeting').notNullable().defaultTo('{}');
    t.jsonb('plan').notNullable();
    t.timestamp('starts_at', { useTz: true }).nullable();
    t.timestamp('ends_at', { useTz: true }).nullable();
    t.timestamp('started_at', { useTz: true }).nullable();
    t.timestamp('stopped_at', { useTz: true }).nullable();
    t.text('promoted_variant').nullable();
    t.text('created_by').nullable();
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check("status in ('draft','running','stopped')", [], 'experiments_status_check');
  });

  await knex.schema.alterTable('search_log', (t) => {
    t.text('experiment_id').nullable();
    t.text('experiment_variant').nullable();
  });
  await knex.raw('create index search_log_experiment on search_log (experiment_id, experiment_variant) where experiment_id is not null');

  await knex.schema.alterTable('events', (t) => {
    // The X-Request-Id of the search the event followed, when the storefront sends it.
    t.text('request_id').nullable();
  });
  await knex.raw('create index events_request_id on events (request_id) where request_id is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists events_request_id');
  await knex.schema.alterTable('events', (t) => t.dropColumn('request_id'));
  await knex.raw('drop index if exists search_log_experiment');
  await knex.schema.alterTable('search_log', (t) => {
    t.dropColumn('experiment_id');
    t.dropColumn('experiment_variant');
  });
  await knex.schema.dropTableIfExists('experiments');
  await knex.schema.dropTableIfExists('experiments_state');
}
