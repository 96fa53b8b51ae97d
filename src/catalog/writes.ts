import type { Knex } from 'knex';
import { AppError } from '../core/errors';
import { mapPgError } from './pg-errors';
import { checkWritePreconditions, hasPreconditions, type WritePreconditions } from './preconditions';
import type { BrandInput, CategoryInput, MerchantInput, OrderInput, ProductInput } from './schemas';

/**
 * The catalog write path. Every write is a plain Postgres statement: the
 * search outbox rows that keep Elasticsearch in step are written by triggers
 * in the same transaction, so no caller can forget them.
 */

/** Who is writing: merchant-scoped admin keys may only touch their own merchant's products. */
export interface WriteScope {
  merchantId: string | null;
}

export async function upsertMerchant(db: Knex, id: string, input: MerchantInput): Promise<{ created: boolean }> {
  const row = { id, name: input.name, status: input.status, rating: input.rating ?? null };
  const [result] = await db('merchants')
    .insert(row)
    .onConflict('id')
    .merge({ ...row, updated_at: db.fn.now() })
    .returning(db.raw('(xmax = 0) as created'));
  return { created: Boolean(result.created) };
}

export async function upsertBrand(db: Knex, id: string, input: BrandInput): Promise<{ created: boolean }> {
  const [result] = await db('brands')
    .insert({ id, name: input.name })
    .onConflict('id')
    .merge({ name: input.name, updated_at: db.fn.now() })
    .returning(db.raw('(xmax = 0) as created'));
  return { created: Boolean(result.created) };
}

export async function upsertCategory(db: Knex, id: string, input: CategoryInput): Promise<{ created: boolean; path: string[] }> {
  const row = {
    id,
    parent_id: input.parentId ?? null,
    name_en: input.nameEn,
    name_zh: input.nameZh ?? null,
    facet_attributes: input.facetAttributes,
  };
  try {
    const [result] = await db('categories')
      .insert(row)
      .onConflict('id')
      .merge({ ...row, updated_at: db.fn.now() })
      .returning(['path', db.raw('(xmax = 0) as created')]);
    return { created: Boolean(result.created), path: result.path };
  } catch (error) {
    return mapPgError(error);
  }
}

export async function deleteRow(db: Knex, table: 'brands' | 'categories', id: string): Promise<boolean> {
  try {
    return (await db(table).where({ id }).delete()) > 0;
  } catch (error) {
    return mapPgError(error);
  }
}

export async function upsertProduct(
  db: Knex,
  id: string,
  input: ProductInput,
  scope: WriteScope,
  preconditions: WritePreconditions = {},
): Promise<{ created: boolean; version: string }> {
  if (scope.merchantId !== null && input.merchantId !== scope.merchantId) {
    throw new AppError('FORBIDDEN', `This key may only write products of merchant ${scope.merchantId}.`, 'merchantId');
  }
  const row = {
    id,
    merchant_id: input.merchantId,
    category_id: input.categoryId,
    brand_id: input.brandId ?? null,
    title_en: input.titleEn ?? null,
    title_zh: input.titleZh ?? null,
    description_en: input.descriptionEn ?? null,
    description_zh: input.descriptionZh ?? null,
    attributes: JSON.stringify(input.attributes),
    price: input.price,
    currency: input.currency,
    stock: input.stock,
    status: input.status,
    image_url: input.imageUrl ?? null,
    rating: input.rating ?? null,
    review_count: input.reviewCount,
    sales_rank: input.salesRank ?? null,
  };
  try {
    return await db.transaction(async (trx) => {
      const existing = await trx('products').where({ id }).forUpdate().first('merchant_id', 'version', 'status');
      if (existing && scope.merchantId !== null && existing.merchant_id !== scope.merchantId) {
        throw new AppError('FORBIDDEN', `Product ${id} belongs to another merchant.`);
      }
      checkWritePreconditions(id, preconditions, currentVersion(existing));
      const merge = trx('products').insert(row).onConflict('id').merge();
      // A product absent above had no row to lock: with If-None-Match: *, one a concurrent request created since stays as it is.
      const upsert = preconditions.ifNoneMatch === '*' ? merge.where('products.status', 'deleted') : merge;
      const [result] = await upsert.returning(['version', trx.raw('(xmax = 0) as created')]);
      if (!result) throw new AppError('PRECONDITION_FAILED', `Product ${id} already exists.`);
      return { created: Boolean(result.created), version: String(result.version) };
    });
  } catch (error) {
    return mapPgError(error);
  }
}

/** A product's version as preconditions see it: a deleted product has none. */
const currentVersion = (row: { version: string | number; status: string } | undefined): string | null =>
  row && row.status !== 'deleted' ? String(row.version) : null;

/**
 * Soft delete: the row stays (orders point at it) with status `deleted`, and leaves the index. False: there was
 * no such product to delete. With preconditions the row is locked, then checked (412), then deleted.
 */
export async function deleteProduct(db: Knex, id: string, scope: WriteScope, preconditions: WritePreconditions = {}): Promise<boolean> {
  if (hasPreconditions(preconditions)) {
    return db.transaction(async (trx) => {
      const existing = await trx('products').where({ id }).forUpdate().first('merchant_id', 'version', 'status');
      if (existing && scope.merchantId !== null && existing.merchant_id !== scope.merchantId)
        throw new AppError('FORBIDDEN', `Product ${id} belongs to another merchant.`);
      const version = currentVersion(existing);
      checkWritePreconditions(id, preconditions, version);
      return version !== null && (await trx('products').where({ id }).update({ status: 'deleted' })) > 0;
    });
  }
  const query = db('products').where({ id }).whereNot({ status: 'deleted' });
  if (scope.merchantId !== null) {
    const owner = await db('products').where({ id }).first('merchant_id');
    if (owner && owner.merchant_id !== scope.merchantId) throw new AppError('FORBIDDEN', `Product ${id} belongs to another merchant.`);
  }
  return (await query.update({ status: 'deleted' })) > 0;
}

/**
 * Orders are upserted whole, each in its own transaction: an order is never
 * half written, and re-sending one replaces its lines instead of duplicating.
 */
export async function ingestOrders(db: Knex, orders: OrderInput[]): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  for (const [index, order] of orders.entries()) {
    try {
      await db.transaction(async (trx) => {
        if (order.customerId) await trx('customers').insert({ id: order.customerId }).onConflict('id').ignore();
        const total = order.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
        const [result] = await trx('orders')
          .insert({
            id: order.id,
            customer_id: order.customerId ?? null,
            placed_at: order.placedAt,
            status: order.status,
            currency: order.currency,
            total,
            source: 'api',
          })
          .onConflict('id')
          .merge(['customer_id', 'placed_at', 'status', 'currency', 'total', 'updated_at'])
          .returning(trx.raw('(xmax = 0) as created'));
        await trx('order_items').where({ order_id: order.id }).delete();
        await trx('order_items').insert(
          order.items.map((item, line) => ({
            order_id: order.id,
            line_no: line + 1,
            product_id: item.productId,
            quantity: item.quantity,
            unit_price: item.unitPrice,
          })),
        );
        if (result.created) created++;
        else updated++;
      });
    } catch (error) {
      return mapPgError(error, `orders[${index}].items.`);
    }
  }
  return { created, updated };
}
