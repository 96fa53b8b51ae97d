import Router from '@koa/router';
import { checkReadiness } from '../../health/readiness';
import { buildOpenApiDocument } from '../openapi/document';
import type { ApiDependencies } from '../context/dependencies';
import type { AppState } from '../context/state';

/** `/healthz`: the process is alive. `/readyz`: every dependency answers (503 otherwise). `/openapi.json`: the API's description. */
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
  const openApi = buildOpenApiDocument();
  router.get('/openapi.json', (ctx) => {
    ctx.body = openApi;
  });
  return router;
}
