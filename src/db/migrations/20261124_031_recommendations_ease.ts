import type { Knex } from 'knex';

/**
 * The personalised EASE model, stored like the indicators: per product, the
 * products it speaks for and the weights (a row of EASE's B, its largest
 * positive values), copied into the search document so "for you" can score
 * a shopper's live history without a model in the API's memory.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('product_recommendations', (t) => {
    t.specificType('ease_items', 'text[]').notNullable().defaultTo('{}');
    t.specificType('ease_weights', 'real[]').notNullable().defaultTo('{}');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('product_recommendations', (t) => {
    t.dropColumn('ease_items');
    t.dropColumn('ease_weights');
  });
}
