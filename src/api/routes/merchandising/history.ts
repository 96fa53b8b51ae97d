import Router from '@koa/router';
import { z } from 'zod';
import { bigintId, identifier, parseInput } from '../../../core/validation';
import { recentChanges, restoreChange } from '../../../merchandising/history';
import type { AppState } from '../../context/state';
import { actor, singleValues, type MerchandisingRouteDeps } from './deps';

const changesQuery = z.strictObject({
  entity: z.enum(['rule', 'synonym', 'weights', 'suggestion'], { message: 'One of rule, synonym, weights, suggestion.' }).optional(),
  entity_id: identifier.optional(),
  limit: z.string().regex(/^\d+$/, 'Must be a whole number.').transform(Number).pipe(z.number().int().min(1).max(500)).default(100),
  before: bigintId('Change').optional(),
});

/** The history of rules, synonyms, weights and suggestion controls (who, when, before and after), and restoring a version. */
export function historyRoutes({ db, store }: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/merchandising/changes' });
  router.get('/', async (ctx) => {
    const q = parseInput(changesQuery, singleValues(ctx.query));
    ctx.body = { changes: await recentChanges(db, { entity: q.entity, entityId: q.entity_id, limit: q.limit, beforeId: q.before }) };
  });
  router.post('/:id/restore', async (ctx) => {
    const restored = await restoreChange(db, actor(ctx), parseInput(bigintId('Change'), ctx.params.id, 'id'));
    await store.changed(restored.stateVersion);
    ctx.body = restored;
  });
  return router;
}
