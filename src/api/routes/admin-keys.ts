import Router from '@koa/router';
import type { Knex } from 'knex';
import { z } from 'zod';
import { notFound, validationError } from '../../core/errors';
import { createApiKey, listApiKeys, revokeApiKey, roles } from '../../auth/api-keys';
import type { ApiKeyAuthenticator } from '../../auth/authenticator';
import { identifier, parseInput } from '../../core/validation';
import type { AppState } from '../context/state';

/** The furthest ahead a key's expiry may be set. @default 10 years */
const maxKeyLifetimeMs = 10 * 365 * 86_400_000;

const newKeyInput = z.strictObject({
  role: z.enum(roles),
  merchantId: identifier.nullable().optional(),
  label: z.string().max(200).nullable().optional(),
  expiresAt: z.iso.datetime({ offset: true, message: 'Give an ISO 8601 date-time with a time zone.' }).nullable().optional(),
});
/** Key ids are bigints: more than 18 digits is no key, and must not reach Postgres as an out-of-range number. */
const keyId = z.string().regex(/^\d{1,18}$/, 'Key ids are numbers.');

/**
 * Key management (unscoped admin keys: app.ts). The new key is shown once, in
 * the creation response, which no cache may keep. A revocation takes effect at
 * once in every API process.
 */
export function adminKeyRoutes(db: Knex, keys: ApiKeyAuthenticator, now: () => number = Date.now): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/admin/keys' });
  router.get('/', async (ctx) => {
    ctx.body = { keys: await listApiKeys(db) };
  });
  router.post('/', async (ctx) => {
    const input = parseInput(newKeyInput, ctx.request.body);
    if (input.merchantId && input.role !== 'admin') throw validationError('merchantId', 'Only admin keys can be scoped to a merchant.');
    if (input.merchantId && !(await db('merchants').where({ id: input.merchantId }).first('id')))
      throw validationError('merchantId', 'Unknown merchant.');
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= now()) throw validationError('expiresAt', 'expiresAt must be in the future.');
    if (expiresAt && expiresAt.getTime() > now() + maxKeyLifetimeMs) throw validationError('expiresAt', 'At most ten years ahead.');
    // The only response that ever carries a key: no copy anywhere, whatever the API's other defaults.
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 201;
    ctx.body = await createApiKey(db, { ...input, expiresAt });
  });
  router.delete('/:id', async (ctx) => {
    const id = parseInput(keyId, ctx.params.id, 'id');
    if (!(await revokeApiKey(db, id))) throw notFound(`Key ${id}`);
    await keys.revoked(id);
    ctx.status = 204;
  });
  return router;
}
