import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { AppError } from '../../core/errors';
import type { AppState } from '../context/state';

/** The methods some route of this API answers; any other (TRACE, PROPFIND, …) is a 501 where no route has the path. */
const implemented: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * What a request's method is worth before any key is asked for or body read: a path some route has, asked with a method it
 * does not answer, is a 405 with `Allow` (OPTIONS: 204 with `Allow`); a method no route implements on an unknown path is a
 * 501; everything else goes on (to its route, or to the 404). One check for every router, so no method falls through to a 500.
 */
export function methodGuard(routers: ReadonlyArray<Router<AppState>>): Middleware<AppState> {
  return async (ctx, next) => {
    const allowed = new Set<string>();
    for (const router of routers) {
      const match = router.match(ctx.path, ctx.method);
      if (match.route) return next();
      for (const layer of match.path) for (const method of layer.methods) allowed.add(method);
    }
    if (allowed.size > 0) {
      const allow = [...allowed].join(', ');
      ctx.set('Allow', allow);
      if (ctx.method === 'OPTIONS') {
        ctx.status = 204;
        return;
      }
      throw new AppError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed here; this path answers ${allow}.`);
    }
    if (!implemented.has(ctx.method)) throw new AppError('NOT_IMPLEMENTED', `This server does not implement ${ctx.method}.`);
    return next();
  };
}
