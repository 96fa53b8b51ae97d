import type { Knex } from 'knex';

/**
 * What the recommendation training run (`recs.train`, `agora train`) keeps:
 * per product, the lists copied into its search document (Universal
 * Recommender indicators, bought-together, a trending score), and one row
 * per run with its parameters, watermark and measurements. A run's id is
 * the model version the rows it changed carry.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('recommendation_models', (t) => {
    t.bigIncrements('id');
    t.text('status').notNullable().defaultTo('running');
    // Everything that shapes the output: a run with other parameters never counts as "nothing new".
    t.jsonb('params').notNullable();
    // The state of orders and events the run read; the next run skips when it is unchanged.
    t.jsonb('watermark').nullable();
    // Training time and peak RSS per part, input counts, rows changed.
    t.jsonb('metrics').nullable();
    t.text('error').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.check("status in ('running','succeeded','failed')", [], 'recommendation_models_status_check');
  });

  await knex.schema.alterTable('product_recommendations', (t) => {
    t.specificType('bought_together', 'text[]').notNullable().defaultTo('{}');
    t.specificType('viewed_indicators', 'text[]').notNullable().defaultTo('{}');
    t.specificType('carted_indicators', 'text[]').notNullable().defaultTo('{}');
    // log2 of the time-decayed interaction count at a fixed epoch: comparable between runs without rewriting (see jobs/recommendations/anchored-trending.ts).
    t.double('trending').nullable();
    // Distinct customers who bought the product: how much history its CF lists rest on.
    t.integer('purchasers').notNullable().defaultTo(0);
    t.bigInteger('model_version').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('product_recommendations', (t) => {
    for (const column of ['bought_together', 'viewed_indicators', 'carted_indicators', 'trending', 'purchasers', 'model_version'])
      t.dropColumn(column);
  });
  await knex.schema.dropTableIfExists('recommendation_models');
}
