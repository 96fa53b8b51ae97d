import Router from '@koa/router';
import { checkReadiness } from '../../health/readiness';
import type { ApiDependencies } from '../dependencies';
import type { AppState } from '../state';

/** `/healthz`: the process is alive. `/readyz`: every dependency answers (503 otherwise). */
export function healthRoutes(deps: ApiDependencies): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  });
  router.get('/readyz', async (ctx) => {
    const readiness = await checkReadiness(deps);
    ctx.status = readiness.status === 'ready' ? 200 : 503;
    ctx.body = readiness;
  });
  return router;
}
