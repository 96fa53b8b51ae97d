import Router from '@koa/router';
import type { AppState } from '../../context/state';
import { analyticsRoutes } from './analytics';
import { experimentRoutes } from './experiments';
import type { MerchandisingRouteDeps } from './deps';
import { historyRoutes } from './history';
import { previewRoutes } from './preview';
import { productRoutes } from './products';
import { ruleRoutes } from './rules';
import { suggestionRoutes } from './suggestions';
import { synonymRoutes } from './synonyms';
import { transferRoutes } from './transfer';
import { weightRoutes } from './weights';

export type { MerchandisingRouteDeps } from './deps';

/** Every /v1/merchandising endpoint; app.ts puts them behind a merchandiser key. */
export function merchandisingRoutes(deps: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>();
  for (const routes of [
    ruleRoutes,
    synonymRoutes,
    suggestionRoutes,
    weightRoutes,
    previewRoutes,
    analyticsRoutes,
    productRoutes,
    historyRoutes,
    transferRoutes,
    experimentRoutes,
  ])
    router.use(routes(deps).routes());
  return router;
}
