import type { Knex } from 'knex';

/**
 * products.sales_rank (issue 19): the product's rank by sales in the merchant's own history (1 = best seller), when a
 * catalog brings one. A new catalog has no orders or events here yet, so nothing tells its best sellers apart; the
 * signals job (indexers/signals) turns the ranks into a popularity that stands until the product's own activity says
 * more. The check repeats the API's validation. A new nullable column: no row is rewritten, and the check is added
 * NOT VALID then validated, so the table is not locked for writes while existing rows (all null) are checked.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table products add column if not exists sales_rank integer');
  await knex.raw(
    'alter table products drop constraint if exists products_sales_rank_positive, add constraint products_sales_rank_positive check (sales_rank >= 1) not valid',
  );
  await knex.raw('alter table products validate constraint products_sales_rank_positive');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table products drop column if exists sales_rank');
}
