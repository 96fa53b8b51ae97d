import Koa from 'koa';
import Router from '@koa/router';
import { AppError } from '../core/errors';
import { customerData, customerInQuery, requireAccess } from './middleware/auth';
import { errorMiddleware } from './middleware/errors';
import { inputGuard } from './middleware/input-guard';
import { jsonBody } from './middleware/json-body';
import { importPath } from './routes/merchandising/transfer';
import { methodGuard } from './middleware/methods';
import { noStore } from './middleware/no-store';
import { createRateLimits } from './middleware/rate-limit';
import { requestContext } from './middleware/request-context';
import { healthRoutes } from './routes/health';
import { adminCatalogRoutes } from './routes/admin-catalog';
import { adminKeyRoutes } from './routes/admin-keys';
import { searchRoutes } from './routes/search';
import { suggestRoutes } from './routes/suggest';
import { productRoutes } from './routes/products';
import { eventRoutes } from './routes/events';
import { merchandisingRoutes } from './routes/merchandising';
import { recommendationRoutes } from './routes/recommendations';
import { webRoutes } from './routes/web';
import { personalizationClause } from '../recommendations/personalization';
import { loadShopperHistory } from '../recommendations/history';
import { createRecommendationService } from '../recommendations/service';
import { createSuggestService } from '../search/suggest/suggest-service';
import { createSearchService } from '../search/search-service';
import { createProductLookup } from '../search/product/product-lookup';
import { createCatalogDirectory } from '../search/catalog/catalog-directory';
import { createResultCache, countedLookups } from '../search/result-cache';
import { requestMetrics } from './middleware/metrics';
import { productsAlias } from '../core/product-index';
import { createExperimentStore } from '../experiments/store';
import type { ApiDependencies } from './context/dependencies';
import type { AppState } from './context/state';

/**
 * Builds the Koa application from its dependencies. No listening, no
 * globals: the API entry calls `listen`, tests call `app.callback()`.
 */
export function createApp(deps: ApiDependencies): Koa<AppState> {
  const app = new Koa<AppState>();
  // Client addresses (rate limits, the console's loopback check) come from X-Forwarded-For only behind proxies the operator declared.
  app.proxy = deps.config.trustProxyHops > 0;
  app.maxIpsCount = deps.config.trustProxyHops;
  // Errors are rendered and logged by errorMiddleware; koa's default handler would log them twice.
  app.silent = true;
  const keys = deps.apiKeys;
  const limits = createRateLimits({ redis: deps.redis, config: deps.config, logger: deps.logger, keys });

  if (deps.metrics) app.use(requestMetrics(deps.metrics));
  app.use(requestContext(deps.logger));
  app.use(noStore());
  app.use(errorMiddleware());
  app.use(async (ctx, next) => {
    // Anything that carries a body must say it is JSON; the parser ignores other types silently otherwise.
    if (['POST', 'PUT', 'PATCH'].includes(ctx.method) && ctx.request.length && !ctx.is('application/json')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    }
    await next();
  });
  // The merchandising import reads its own, larger body once its caller is known (routes/merchandising/transfer.ts).
  app.use(jsonBody(deps.config.bodyLimit, { except: [importPath] }));

  const index = productsAlias(deps.config.indexPrefix);
  const catalog = createCatalogDirectory(deps.db, {
    ttlMs: deps.config.catalogCacheTtlMs,
    onRefreshFailed: (error) => deps.logger.warn({ err: error }, 'categories and brands not refreshed; serving the last ones read'),
  });
  const clock = deps.clock ?? Date.now;
  const experiments =
    deps.experiments ??
    createExperimentStore({
      db: deps.db,
      redis: deps.redis,
      indexPrefix: deps.config.indexPrefix,
      logger: deps.logger,
      merchandising: deps.merchandising,
    });
  const search = createSearchService({
    es: deps.es,
    index,
    categories: catalog,
    merchandising: deps.merchandising,
    cache: countedLookups(deps.resultCache ?? createResultCache(deps.redis, deps.config.indexPrefix), deps.metrics),
    searchLog: deps.searchLog,
    experiments,
    clock,
    personalize: async (request, weight) =>
      personalizationClause(await loadShopperHistory(deps.db, { customerId: request.customerId, sessionId: request.sessionId }), weight),
  });
  const storefront = new Router<AppState>();
  // Who may call each group, and on whose data, is declared here and decided in src/auth/authorization.ts (README, API keys).
  // Rate limits wrap each group's access check: failed authentications counted around it, budgets charged after it.
  storefront.use(limits.failedAuthentications);
  storefront.use(requireAccess('storefront', keys), customerData(customerInQuery));
  storefront.use(limits.budgets);
  storefront.use(searchRoutes(search).routes());
  storefront.use(productRoutes(createProductLookup({ es: deps.es, index })).routes());
  storefront.use(eventRoutes(deps.db).routes());
  storefront.use(
    suggestRoutes(
      createSuggestService({ es: deps.es, db: deps.db, index, catalog, queries: { minSearchers: deps.config.suggestMinSearchers } }),
    ).routes(),
  );
  storefront.use(recommendationRoutes(createRecommendationService({ es: deps.es, db: deps.db, index })).routes());

  const admin = new Router<AppState>();
  admin.use('/v1/admin', limits.failedAuthentications);
  admin.use('/v1/admin/keys', requireAccess('key-management', keys));
  admin.use(
    ['/v1/admin/merchants', '/v1/admin/brands', '/v1/admin/categories', '/v1/admin/orders'],
    requireAccess('marketplace-catalog', keys),
  );
  admin.use('/v1/admin', requireAccess('merchant-catalog', keys));
  admin.use('/v1/admin', limits.budgets);
  admin.use(adminCatalogRoutes(deps.db).routes());
  admin.use(adminKeyRoutes(deps.db, keys).routes());

  const merchandising = new Router<AppState>();
  merchandising.use('/v1/merchandising', limits.failedAuthentications);
  merchandising.use('/v1/merchandising', requireAccess('merchandising', keys));
  merchandising.use('/v1/merchandising', limits.budgets);
  merchandising.use(merchandisingRoutes({ db: deps.db, store: deps.merchandising, search, clock, experiments }).routes());

  // The storefront demo (`/`, `/assets/*`) needs no key itself: the page sends a public one with each API call.
  const routers = [healthRoutes(deps), webRoutes({ config: deps.config }), storefront, merchandising, admin];
  // Before any route: methods no route answers (405, 501), then input no route could handle (NUL, lone surrogates, deep JSON).
  app.use(methodGuard(routers));
  app.use(inputGuard(routers));
  for (const router of routers) app.use(router.routes());
  return app;
}
