import type { Middleware } from 'koa';
import { errors as esErrors } from '@elastic/elasticsearch';
import { AppError, toErrorBody } from '../../core/errors';
import type { AppState } from '../context/state';

/**
 * The one place errors become HTTP responses. AppErrors render with their
 * code; failures of the HTTP layer (bad JSON, body too large) map to catalog
 * codes; Elasticsearch being down or slow is a 503; anything else is a plain
 * 500 whose details go to the log once, never to the client.
 */
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
