import Router from '@koa/router';
import { changesOf } from '../../../merchandising/changes';
import { synonymInput } from '../../../merchandising/schemas';
import { createSynonym, deleteSynonym, listSynonyms, updateSynonym } from '../../../merchandising/synonyms-repository';
import { parseInput } from '../../../core/validation';
import type { AppState } from '../../context/state';
import { actor, type MerchandisingRouteDeps } from './deps';
import { ruleId as synonymId } from './rules';

/** Synonyms, applied by expanding queries at search time: a change needs no reindex. */
export function synonymRoutes({ db, store }: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/merchandising/synonyms' });
  router.get('/', async (ctx) => {
    ctx.body = { synonyms: await listSynonyms(db) };
  });
  router.post('/', async (ctx) => {
    const { synonym, stateVersion } = await createSynonym(db, actor(ctx), parseInput(synonymInput, ctx.request.body));
    await store.changed(stateVersion);
    ctx.status = 201;
    ctx.body = synonym;
  });
  router.put('/:id', async (ctx) => {
    const id = parseInput(synonymId, ctx.params.id, 'id');
    const { synonym, stateVersion } = await updateSynonym(db, actor(ctx), id, parseInput(synonymInput, ctx.request.body));
    await store.changed(stateVersion);
    ctx.body = synonym;
  });
  router.delete('/:id', async (ctx) => {
    const { stateVersion } = await deleteSynonym(db, actor(ctx), parseInput(synonymId, ctx.params.id, 'id'));
    await store.changed(stateVersion);
    ctx.status = 204;
  });
  router.get('/:id/versions', async (ctx) => {
    ctx.body = { versions: await changesOf(db, 'synonym', parseInput(synonymId, ctx.params.id, 'id')) };
  });
  return router;
}
