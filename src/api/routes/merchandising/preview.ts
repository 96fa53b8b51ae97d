import Router from '@koa/router';
import { previewDrafts } from '../../../merchandising/preview';
import { previewInput } from '../../../merchandising/schemas';
import { parseInput } from '../../../core/validation';
import type { AppState } from '../../context/state';
import type { MerchandisingRouteDeps } from './deps';

/** Live and draft results side by side, before anything is published. */
export function previewRoutes(deps: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.post('/v1/merchandising/preview', async (ctx) => {
    ctx.body = await previewDrafts(deps, parseInput(previewInput, ctx.request.body));
  });
  return router;
}
