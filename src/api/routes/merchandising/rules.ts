import Router from '@koa/router';
import { z } from 'zod';
import { changesOf } from '../../../merchandising/changes';
import { checkRuleReferences } from '../../../merchandising/references';
import { createRule, deleteRule, getRule, listRules, updateRule } from '../../../merchandising/rules-repository';
import { ruleInput, ruleUpdateInput } from '../../../merchandising/schemas';
import { parseInput } from '../../../core/validation';
import type { AppState } from '../../context/state';
import { actor, singleValues, type MerchandisingRouteDeps } from './deps';

export const ruleId = z.string().regex(/^\d{1,18}$/, 'Rule ids are numbers.');
const page = z.strictObject({
  limit: z.string().regex(/^\d+$/, 'Must be a whole number.').transform(Number).pipe(z.number().int().min(1).max(500)).default(100),
  offset: z.string().regex(/^\d+$/, 'Must be a whole number.').transform(Number).pipe(z.number().int().min(0)).default(0),
});

/** Ranking rules: every write is versioned and audited, and reaches every API process within a second. */
export function ruleRoutes({ db, store }: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/merchandising/rules' });
  router.get('/', async (ctx) => {
    ctx.body = await listRules(db, parseInput(page, singleValues(ctx.query)));
  });
  router.post('/', async (ctx) => {
    const rule = parseInput(ruleInput, ctx.request.body);
    await checkRuleReferences(db, rule);
    const { rule: created, stateVersion } = await createRule(db, actor(ctx), rule);
    await store.changed(stateVersion);
    ctx.status = 201;
    ctx.body = created;
  });
  router.get('/:id', async (ctx) => {
    ctx.body = await getRule(db, parseInput(ruleId, ctx.params.id, 'id'));
  });
  router.put('/:id', async (ctx) => {
    const id = parseInput(ruleId, ctx.params.id, 'id');
    const { version, ...rule } = parseInput(ruleUpdateInput, ctx.request.body);
    await checkRuleReferences(db, rule);
    const { rule: updated, stateVersion } = await updateRule(db, actor(ctx), id, rule, version);
    await store.changed(stateVersion);
    ctx.body = updated;
  });
  router.delete('/:id', async (ctx) => {
    const { stateVersion } = await deleteRule(db, actor(ctx), parseInput(ruleId, ctx.params.id, 'id'));
    await store.changed(stateVersion);
    ctx.status = 204;
  });
  router.get('/:id/versions', async (ctx) => {
    ctx.body = { versions: await changesOf(db, 'rule', parseInput(ruleId, ctx.params.id, 'id')) };
  });
  return router;
}
