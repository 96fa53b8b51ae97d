import type { Knex } from 'knex';

/**
 * The LLR indicators with their strengths, stored per history item (issue
 * 16): for a product, the products whose indicator lists name it and the
 * G² that links them, one row per kind of history (bought, viewed, carted).
 * "For you" reads these rows from the shopper's history products and sums
 * them in Agora, as it does EASE's rows, instead of letting Elasticsearch's
 * term scoring stand in for the strengths.
 */
const columns = ['llr_bought', 'llr_viewed', 'llr_carted'] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('product_recommendations', (t) => {
    for (const column of columns) {
      t.specificType(`${column}_items`, 'text[]').notNullable().defaultTo('{}');
      t.specificType(`${column}_weights`, 'real[]').notNullable().defaultTo('{}');
    }
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('product_recommendations', (t) => {
    for (const column of columns) {
      t.dropColumn(`${column}_items`);
      t.dropColumn(`${column}_weights`);
    }
  });
}
