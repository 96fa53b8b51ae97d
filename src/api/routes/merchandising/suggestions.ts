import Router from '@koa/router';
import { z } from 'zod';
import { changesOf } from '../../../merchandising/changes';
import {
  createSuggestionOverride,
  deleteSuggestionOverride,
  listSuggestionOverrides,
  suggestionInput,
  updateSuggestionOverride,
} from '../../../merchandising/suggestions-repository';
import { parseInput } from '../../../core/validation';
import type { AppState } from '../../context/state';
import { actor, type MerchandisingRouteDeps } from './deps';

export const suggestionId = z.string().regex(/^\d{1,18}$/, 'Suggestion ids are numbers.');

/**
 * Bans and additions of as-you-type query suggestions. They are marketplace-wide, like synonyms: the suggest
 * service reads them on each request, so a change shows at once.
 */
export function suggestionRoutes({ db, store }: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/merchandising/suggestions' });
  router.get('/', async (ctx) => {
    ctx.body = await listSuggestionOverrides(db);
  });
  router.post('/', async (ctx) => {
    const { override, stateVersion } = await createSuggestionOverride(db, actor(ctx), parseInput(suggestionInput, ctx.request.body));
    await store.changed(stateVersion);
    ctx.status = 201;
    ctx.body = override;
  });
  router.put('/:id', async (ctx) => {
    const id = parseInput(suggestionId, ctx.params.id, 'id');
    const { override, stateVersion } = await updateSuggestionOverride(db, actor(ctx), id, parseInput(suggestionInput, ctx.request.body));
    await store.changed(stateVersion);
    ctx.body = override;
  });
  router.delete('/:id', async (ctx) => {
    const { stateVersion } = await deleteSuggestionOverride(db, actor(ctx), parseInput(suggestionId, ctx.params.id, 'id'));
    await store.changed(stateVersion);
    ctx.status = 204;
  });
  router.get('/:id/versions', async (ctx) => {
    ctx.body = { versions: await changesOf(db, 'suggestion', parseInput(suggestionId, ctx.params.id, 'id')) };
  });
  return router;
}
