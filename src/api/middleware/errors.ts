import type { Middleware } from 'koa';
import { errors as esErrors } from '@elastic/elasticsearch';
import { AppError, toErrorBody } from '../../core/errors';
import type { AppState } from '../context/state';

/**
 * The one place errors become HTTP responses. AppErrors render with their
 * code; failures of the HTTP layer (bad JSON, body too large) map to catalog
 * codes; Elasticsearch down or slow is a 503 SEARCH_UNAVAILABLE, Postgres down,
 * shutting down or out of connections a 503 DATABASE_UNAVAILABLE; anything else is a plain 500 whose details go to the log once,
 * never to the client.
 */

/** Socket errors and Postgres's SQLSTATEs for a server that is gone, starting, shutting down or out of connections. */
const databaseUnavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  '57P01',
  '57P02',
  '57P03',
]);

function databaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // knex's pool gave up waiting for a connection (all busy, or none can be opened).
  if (error.name === 'KnexTimeoutError') return true;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && databaseUnavailableCodes.has(code);
}
export function errorMiddleware(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new AppError('NOT_FOUND', `No route for ${ctx.method} ${ctx.path}.`);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status >= 500 && appError.code !== 'NOT_IMPLEMENTED') ctx.state.log?.error({ err: error }, 'request failed');
      // A search Elasticsearch refused: the request's fault, yet a sign that some input passed validation it should not have.
      else if (appError.code === 'SEARCH_REJECTED') ctx.state.log?.warn({ err: error }, 'search rejected by Elasticsearch');
      ctx.status = appError.status;
      ctx.body = toErrorBody(appError, ctx.state.requestId);
    }
  };
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (
    error instanceof esErrors.ConnectionError ||
    error instanceof esErrors.TimeoutError ||
    error instanceof esErrors.NoLivingConnectionsError
  ) {
    return new AppError('SEARCH_UNAVAILABLE');
  }
  if (error instanceof esErrors.ResponseError && (error.statusCode === 429 || (error.statusCode ?? 0) >= 500)) {
    return new AppError('SEARCH_UNAVAILABLE');
  }
  if (error instanceof esErrors.ResponseError && error.statusCode === 400) return new AppError('SEARCH_REJECTED');
  if (databaseUnavailable(error)) return new AppError('DATABASE_UNAVAILABLE');
  // Errors raised by koa and its body parser carry an HTTP status.
  const status = (error as { status?: unknown }).status;
  const type = (error as { type?: unknown }).type;
  if (status === 413 || type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status === 400) return new AppError('BAD_JSON', undefined, 'body');
  if (status === 404) return new AppError('NOT_FOUND');
  if (status === 405) return new AppError('METHOD_NOT_ALLOWED');
  if (status === 501) return new AppError('NOT_IMPLEMENTED');
  if (status === 429) return new AppError('RATE_LIMITED');
  return new AppError('INTERNAL');
}
