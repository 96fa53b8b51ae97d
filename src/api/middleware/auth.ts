import type { Context, Middleware } from 'koa';
import { AppError } from '../../core/errors';
import type { ApiKeyAuthenticator } from '../../auth/authenticator';
import { authorize, authorizeCustomer, type Access } from '../../auth/authorization';
import type { AppState } from '../context/state';
import { markStale } from './stale';

type AppContext = Context & { state: AppState };

/** Longest Authorization header read at all; the longest key Agora issues is far shorter. */
const maxAuthorizationLength = 2048;

/** The key an `Authorization: Bearer <key>` value sends; null for anything else. */
export function bearerOf(header: string): string | null {
  const match = header.length <= maxAuthorizationLength ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1]! : null;
}

/**
 * Authenticates the request (`Authorization: Bearer <key>`, once per request)
 * and lets it through only if its key may use `access`, as
 * src/auth/authorization.ts decides. Every route group starts with this.
 */
export function requireAccess(access: Access, keys: ApiKeyAuthenticator): Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.state.principal) {
      const bearer = bearerOf(ctx.get('authorization'));
      if (bearer === null) throw new AppError('UNAUTHORIZED');
      const outcome = await keys.authenticate(bearer);
      if (!outcome.ok) throw new AppError(outcome.code ?? 'UNAUTHORIZED', outcome.reason);
      ctx.state.principal = outcome.principal;
      if (outcome.stale) markStale(ctx, 'api-key');
    }
    const decision = authorize(ctx.state.principal, access);
    if (!decision.allowed) throw new AppError('FORBIDDEN', decision.reason);
    await next();
  };
}

/** A customer id a request names, and the field that names it (for the 403). */
export interface CustomerReference {
  customerId: unknown;
  field: string;
}

/**
 * Declares that a route reads or writes the data of the customers `named`
 * picks out of the request: each must be the customer the key is bound to.
 * It runs before validation, on the raw values, and compares them exactly, so
 * no later trimming or parsing can turn a refused value into the bound one.
 */
export function customerData(named: (ctx: AppContext) => CustomerReference[]): Middleware<AppState> {
  return async (ctx, next) => {
    const principal = ctx.state.principal;
    if (!principal) throw new AppError('UNAUTHORIZED');
    for (const { customerId, field } of named(ctx)) {
      // Not a string, or blank: validation refuses it, and it can never come out as a customer's id.
      if (typeof customerId !== 'string' || customerId.trim() === '') continue;
      const decision = authorizeCustomer(principal, customerId);
      if (!decision.allowed) throw new AppError('FORBIDDEN', decision.reason, field);
    }
    await next();
  };
}

/** Every `customer` query parameter (repeated ones included): a storefront route that takes one personalises for that customer. */
export const customerInQuery = (ctx: AppContext): CustomerReference[] => {
  const value = ctx.query.customer;
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return values.map((customerId) => ({ customerId, field: 'customer' }));
};
