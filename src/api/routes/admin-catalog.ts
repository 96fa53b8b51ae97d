import Router from '@koa/router';
import type { Knex } from 'knex';
import { notFound } from '../../core/errors';
import { brandInput, categoryInput, idSchema, merchantInput, ordersBatchInput, productInput } from '../../catalog/schemas';
import {
  deleteProduct,
  deleteRow,
  ingestOrders,
  upsertBrand,
  upsertCategory,
  upsertMerchant,
  upsertProduct,
  type WriteScope,
} from '../../catalog/writes';
import { parseInput } from '../../core/validation';
import { etagOf, parseWritePreconditions } from '../../catalog/preconditions';
import type { AppState } from '../context/state';

/**
 * Catalog writes for admin keys. A merchant-scoped key's scope goes to the
 * product writes; marketplace-wide data (merchants, categories, brands,
 * orders) needs an unscoped key, which app.ts requires (src/auth/authorization.ts).
 */
export function adminCatalogRoutes(db: Knex): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/admin' });
  const scopeOf = (state: AppState): WriteScope => ({ merchantId: state.principal?.merchantId ?? null });

  // Optional If-Match / If-None-Match (src/catalog/preconditions.ts); the ETag is the product's version.
  const preconditionsOf = (ctx: { get(name: string): string }) =>
    parseWritePreconditions({ ifMatch: ctx.get('if-match'), ifNoneMatch: ctx.get('if-none-match') });

  router.put('/products/:id', async (ctx) => {
    const id = parseInput(idSchema, ctx.params.id, 'id');
    const input = parseInput(productInput, ctx.request.body);
    const result = await upsertProduct(db, id, input, scopeOf(ctx.state), preconditionsOf(ctx));
    ctx.status = result.created ? 201 : 200;
    ctx.set('ETag', etagOf(result.version));
    ctx.body = { id, ...result };
  });
  router.delete('/products/:id', async (ctx) => {
    const id = parseInput(idSchema, ctx.params.id, 'id');
    if (!(await deleteProduct(db, id, scopeOf(ctx.state), preconditionsOf(ctx)))) throw notFound(`Product ${id}`);
    ctx.status = 204;
  });

  router.put('/merchants/:id', async (ctx) => {
    const id = parseInput(idSchema, ctx.params.id, 'id');
    const result = await upsertMerchant(db, id, parseInput(merchantInput, ctx.request.body));
    ctx.status = result.created ? 201 : 200;
    ctx.body = { id, ...result };
  });
  router.put('/brands/:id', async (ctx) => {
    const id = parseInput(idSchema, ctx.params.id, 'id');
    const result = await upsertBrand(db, id, parseInput(brandInput, ctx.request.body));
    ctx.status = result.created ? 201 : 200;
    ctx.body = { id, ...result };
  });
  router.put('/categories/:id', async (ctx) => {
    const id = parseInput(idSchema, ctx.params.id, 'id');
    const result = await upsertCategory(db, id, parseInput(categoryInput, ctx.request.body));
    ctx.status = result.created ? 201 : 200;
    ctx.body = { id, ...result };
  });
  for (const [segment, table] of [
    ['brands', 'brands'],
    ['categories', 'categories'],
  ] as const) {
    router.delete(`/${segment}/:id`, async (ctx) => {
      const id = parseInput(idSchema, ctx.params.id, 'id');
      if (!(await deleteRow(db, table, id))) throw notFound(`${segment.slice(0, -1)} ${id}`);
      ctx.status = 204;
    });
  }

  router.post('/orders', async (ctx) => {
    const { orders } = parseInput(ordersBatchInput, ctx.request.body);
    ctx.body = await ingestOrders(db, orders);
  });
  return router;
}
