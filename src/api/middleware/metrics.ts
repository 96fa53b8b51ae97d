import type { Middleware } from 'koa';
import type { Metrics } from '../../core/metrics';

/**
 * Times each request into the HTTP histogram by route template (`/v1/admin/products/:id`, from the
 * router), method and final status. Outermost, so the status is the one the client got, error
 * answers included; requests no route matched share the label `unmatched`, so a scan of random
 * paths cannot create series.
 */
export function requestMetrics(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    let status = 500;
    try {
      await next();
      status = ctx.status;
    } finally {
      const route = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      metrics.httpDuration.observe(
        { route: typeof route === 'string' ? route : 'unmatched', method: ctx.method, status: String(status) },
        (performance.now() - started) / 1000,
      );
    }
  };
}
