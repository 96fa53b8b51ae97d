import Router from '@koa/router';
import { z } from 'zod';
import { parseInput } from '../../../core/validation';
import { importInput, transferFormat, transferKind } from '../../../merchandising/schemas';
import { definitionsToCsv, exportDefinitions, importFile, planImport } from '../../../merchandising/transfer';
import type { AppState } from '../../context/state';
import { actor, singleValues, type MerchandisingRouteDeps } from './deps';
import { jsonBody } from '../../middleware/json-body';
import { bodyGuard } from '../../middleware/input-guard';

const exportQuery = z.strictObject({ kind: transferKind, format: transferFormat.default('json') });

/** Where files are imported. Its body is read here, after the merchandiser is authenticated, with a larger limit. */
export const importPath = '/v1/merchandising/import';
/**
 * A whole exported file fits (`content` takes up to 2,000,000 characters), as JSON-escaped UTF-8: a rules export over
 * the API's general 1 MB body limit must import back (#20 review: such a file got a 413 naming no field).
 */
export const importBodyLimit = '8mb';

/** Rules, synonyms and ranking weights out to JSON or CSV, and back in with a dry run first. */
export function transferRoutes({ db, store }: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/v1/merchandising/export', async (ctx) => {
    const q = parseInput(exportQuery, singleValues(ctx.query));
    const items = await exportDefinitions(db, q.kind);
    const stamp = new Date().toISOString().slice(0, 10);
    ctx.set('Content-Disposition', `attachment; filename="agora-${q.kind}-${stamp}.${q.format}"`);
    if (q.format === 'csv') {
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = definitionsToCsv(q.kind, items);
    } else ctx.body = { [q.kind]: items };
  });
  router.post(importPath, jsonBody(importBodyLimit), bodyGuard(), async (ctx) => {
    const body = parseInput(importInput, ctx.request.body);
    if (body.dryRun) {
      ctx.body = { dryRun: true, ...(await planImport(db, body.kind, body.format, body.content)) };
      return;
    }
    const { plan, versions } = await importFile(db, actor(ctx), body.kind, body.format, body.content);
    if (versions.length > 0) await store.changed(versions.at(-1)!);
    ctx.body = { dryRun: false, ...plan };
  });
  return router;
}
