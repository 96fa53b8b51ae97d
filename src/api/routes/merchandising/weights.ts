import Router from '@koa/router';
import { z } from 'zod';
import { notFound } from '../../../core/errors';
import { idSchema } from '../../../catalog/schemas';
import { changesOf } from '../../../merchandising/changes';
import { weightsInput } from '../../../merchandising/schemas';
import { deleteWeights, globalScope, putWeights } from '../../../merchandising/weights-repository';
import { defaultRankingWeights } from '../../../../ranking/weights/ranking-settings';
import { weightsFor } from '../../../../ranking/weights/category-weights';
import { parseInput } from '../../../core/validation';
import type { AppState } from '../../context/state';
import { actor, singleValues, type MerchandisingRouteDeps } from './deps';

/**
 * The ranking formula's weights, globally and per category (a category
 * inherits from its ancestors and the global settings, overriding only what
 * it sets). A change reaches every API process within a second.
 */
export function weightRoutes({ db, store }: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/merchandising/weights' });
  const scopeOf = async (categoryId: string): Promise<string> => {
    const id = parseInput(idSchema, categoryId, 'id');
    if (!(await db('categories').where({ id }).first('id'))) throw notFound(`Category ${id}`);
    return id;
  };

  router.get('/', async (ctx) => {
    const { weights } = await store.snapshot();
    ctx.body = { defaults: defaultRankingWeights, global: weights.global, categories: Object.fromEntries(weights.categories) };
  });
  router.get('/effective', async (ctx) => {
    const { category } = parseInput(z.strictObject({ category: idSchema.optional() }), singleValues(ctx.query));
    const path = category === undefined ? null : (await db('categories').where({ id: category }).first('path'))?.path;
    if (path === undefined) throw notFound(`Category ${category}`);
    ctx.body = weightsFor((await store.snapshot()).weights, path);
  });
  router.put('/global', async (ctx) => {
    const weights = parseInput(weightsInput, ctx.request.body);
    await store.changed((await putWeights(db, actor(ctx), globalScope, weights)).stateVersion);
    ctx.body = { scope: globalScope, weights };
  });
  router.delete('/global', async (ctx) => {
    await store.changed((await deleteWeights(db, actor(ctx), globalScope)).stateVersion);
    ctx.status = 204;
  });
  router.put('/categories/:id', async (ctx) => {
    const scope = await scopeOf(ctx.params.id!);
    const weights = parseInput(weightsInput, ctx.request.body);
    await store.changed((await putWeights(db, actor(ctx), scope, weights)).stateVersion);
    ctx.body = { scope, weights };
  });
  router.delete('/categories/:id', async (ctx) => {
    await store.changed((await deleteWeights(db, actor(ctx), parseInput(idSchema, ctx.params.id, 'id'))).stateVersion);
    ctx.status = 204;
  });
  router.get('/versions', async (ctx) => {
    const { scope } = parseInput(z.strictObject({ scope: idSchema.default(globalScope) }), singleValues(ctx.query));
    ctx.body = { versions: await changesOf(db, 'weights', scope) };
  });
  return router;
}
