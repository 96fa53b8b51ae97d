import type { Middleware } from 'koa';
import { errors as esErrors } from '@elastic/elasticsearch';
import { elasticsearchRefusedCredentials } from '../../core/clients';
import { AppError, toErrorBody } from '../../core/errors';
import type { AppState } from '../context/state';

/**
 * The one place errors become HTTP responses. AppErrors render with their
 * code; failures of the HTTP layer (bad JSON, body too large) map to catalog
 * codes; Elasticsearch down or slow is a 503 SEARCH_UNAVAILABLE, Elasticsearch refusing Agora's credentials a 503
 * ELASTICSEARCH_UNAUTHORIZED, Postgres down,
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

/**
 * SQLSTATEs of a statement Postgres gave up on under the session timeouts (src/core/database-sessions.ts): statement
 * timeout (57014), lock timeout (55P03), idle in transaction (25P03). A 503, not a 409 or 423, for a lock too: the
 * request conflicts with nothing and the client can release nothing; the same request succeeds once the other
 * writer commits, which is what 503 with Retry-After says.
 */
const lockNotAvailable = '55P03';

/**
 * node-postgres's own errors for a connection that broke while in use (server killed mid-query or mid-COMMIT): they
 * carry no code. knex puts the statement before the message ("BEGIN; - Connection terminated unexpectedly"), so the
 * message is matched at its end.
 */
const brokenConnectionMessage =
  /(?:^|\s-\s)(?:Client has encountered a connection error and is not queryable|Connection terminated(?: unexpectedly| due to connection timeout)?)$/;
const databaseGaveUpCodes = new Set(['57014', lockNotAvailable, '25P03']);

/** The 503 for a Postgres that is gone, full or gave up on the statement; null for any other error. */
function databaseUnavailable(error: unknown): AppError | null {
  if (!(error instanceof Error)) return null;
  // knex's pool gave up waiting for a connection (all busy, or none can be opened).
  if (error.name === 'KnexTimeoutError') return new AppError('DATABASE_UNAVAILABLE');
  const code = (error as { code?: unknown }).code;
  if (code === lockNotAvailable)
    return new AppError('DATABASE_UNAVAILABLE', 'Another request is writing the same data; try again shortly.');
  if (typeof code === 'string' && (databaseUnavailableCodes.has(code) || databaseGaveUpCodes.has(code)))
    return new AppError('DATABASE_UNAVAILABLE');
  if (code === undefined && brokenConnectionMessage.test(error.message)) return new AppError('DATABASE_UNAVAILABLE');
  return null;
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
      // Postgres is back, or the lock released, within about a second: worth a retry that soon.
      if (appError.code === 'DATABASE_UNAVAILABLE') ctx.set('Retry-After', '1');
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
  // Elasticsearch with security on refused Agora's own API key or user (401), or their privileges (403): no request
  // of any client can succeed until an operator fixes the configuration, so a 503 that names it, not a 500.
  if (elasticsearchRefusedCredentials(error)) return new AppError('ELASTICSEARCH_UNAUTHORIZED');
  if (error instanceof esErrors.ResponseError && (error.statusCode === 429 || (error.statusCode ?? 0) >= 500)) {
    return new AppError('SEARCH_UNAVAILABLE');
  }
  if (error instanceof esErrors.ResponseError && error.statusCode === 400) return new AppError('SEARCH_REJECTED');
  const database = databaseUnavailable(error);
  if (database) return database;
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
