import { AppError, validationError } from '../core/errors';

/** Foreign-key constraint names (knex's `<table>_<column>_foreign`) → the API field they concern. */
const foreignKeyFields: Record<string, string> = {
  products_merchant_id_foreign: 'merchantId',
  products_category_id_foreign: 'categoryId',
  products_brand_id_foreign: 'brandId',
  categories_parent_id_foreign: 'parentId',
  order_items_product_id_foreign: 'productId',
  api_keys_merchant_id_foreign: 'merchantId',
};

/** What the category trigger (migration 001) refuses, in words of the API: its own message names rows, knex's adds the SQL. */
const categoryTriggerMessages: Array<[RegExp, string]> = [
  [/has unknown parent/, 'Unknown parent category.'],
  [/cannot be its own ancestor/, 'A category cannot be its own ancestor: this parent is the category or one of its descendants.'],
];

interface PgError {
  code?: string;
  constraint?: string;
  message?: string;
  table?: string;
}

/**
 * Turns the Postgres errors a client can cause (unknown references, rows
 * still in use, rejected category moves) into 4xx AppErrors; anything else
 * is rethrown untouched and becomes a 500. Messages are written here, never
 * copied from the error: knex prefixes Postgres's message with the whole
 * statement, which no client should read.
 */
export function mapPgError(error: unknown, fieldPrefix = ''): never {
  const pg = error as PgError;
  if (pg.code === '23503' && pg.constraint) {
    const field = foreignKeyFields[pg.constraint];
    // On insert/update a missing parent row is the client's unknown reference;
    // on delete it is a row that others still point at.
    if (field && /insert or update/.test(pg.message ?? ''))
      throw validationError(`${fieldPrefix}${field}`, `Unknown ${field.replace(/Id$/, '')}.`);
    throw new AppError('CONFLICT', `Still in use (${pg.table ?? 'other rows'} point at it); remove or move those first.`);
  }
  if (pg.code === 'P0001' && /category/.test(pg.message ?? '')) {
    const known = categoryTriggerMessages.find(([pattern]) => pattern.test(pg.message ?? ''));
    throw validationError(`${fieldPrefix}parentId`, known?.[1] ?? 'This parent category cannot be used.');
  }
  throw error;
}
