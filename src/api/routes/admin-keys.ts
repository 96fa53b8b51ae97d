import Router from '@koa/router';
import type { Knex } from 'knex';
import { z } from 'zod';
import { AppError, notFound, validationError } from '../../core/errors';
import { createApiKey, listApiKeys, revokeApiKey, roles } from '../../auth/api-keys';
import { parseInput } from '../../core/validation';
import type { AppState } from '../context/state';

const newKeyInput = z.strictObject({
  role: z.enum(roles),
  merchantId: z.string().min(1).max(128).nullable().optional(),
  label: z.string().max(200).nullable().optional(),
});

/** Key management for unscoped admin keys. The new key is shown once, in the creation response. */
export function adminKeyRoutes(db: Knex): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/admin/keys' });
  router.use(async (ctx, next) => {
    if (ctx.state.principal?.merchantId) throw new AppError('FORBIDDEN', 'Merchant-scoped keys may not manage keys.');
    await next();
  });
  router.get('/', async (ctx) => {
    ctx.body = { keys: await listApiKeys(db) };
  });
  router.post('/', async (ctx) => {
    const input = parseInput(newKeyInput, ctx.request.body);
    if (input.merchantId && input.role !== 'admin') throw validationError('merchantId', 'Only admin keys can be scoped to a merchant.');
    if (input.merchantId && !(await db('merchants').where({ id: input.merchantId }).first('id')))
      throw validationError('merchantId', 'Unknown merchant.');
    ctx.status = 201;
    ctx.body = await createApiKey(db, input);
  });
  router.delete('/:id', async (ctx) => {
    const id = parseInput(z.string().regex(/^\d+$/, 'Key ids are numbers.'), ctx.params.id, 'id');
    if (!(await revokeApiKey(db, id))) throw notFound(`Key ${id}`);
    ctx.status = 204;
  });
  return router;
}
