import type { Middleware } from 'koa';
import type { Knex } from 'knex';
import { AppError } from '../../core/errors';
import { findApiKey, roleAllows, type ApiKeyPrincipal, type Role } from '../../auth/api-keys';
import type { AppState } from '../context/state';

/** How long a looked-up key is trusted before Postgres is asked again (revocation delay). */
const cacheTtlMs = 10_000;

/**
 * Resolves `Authorization: Bearer <key>` to a principal. Lookups are cached
 * briefly per process so the key table is not hit on every search.
 */
export function createAuthenticator(db: Knex, now: () => number = Date.now): (key: string) => Promise<ApiKeyPrincipal | null> {
  const cache = new Map<string, { principal: ApiKeyPrincipal | null; expires: number }>();
  return async (key) => {
    const hit = cache.get(key);
    if (hit && hit.expires > now()) return hit.principal;
    const principal = await findApiKey(db, key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { principal, expires: now() + cacheTtlMs });
    return principal;
  };
}

export function requireRole(role: Role, authenticate: (key: string) => Promise<ApiKeyPrincipal | null>): Middleware<AppState> {
  return async (ctx, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'));
    if (!match) throw new AppError('UNAUTHORIZED');
    const principal = await authenticate(match[1]!);
    if (!principal) throw new AppError('UNAUTHORIZED', 'The API key is unknown or revoked.');
    if (!roleAllows(principal.role, role))
      throw new AppError('FORBIDDEN', `This endpoint needs a ${role} key; this key is ${principal.role}.`);
    ctx.state.principal = principal;
    await next();
  };
}
