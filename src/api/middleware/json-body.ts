import type { IncomingMessage } from 'node:http';
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { AppError } from '../../core/errors';
import type { AppState } from '../context/state';

/**
 * Reads JSON bodies (POST, PUT, PATCH), decoded as their Content-Encoding says (gzip, deflate, br; the size limit counts the
 * decoded bytes). What cannot be read is the client's problem, named as such: an encoding we do not speak is a 415, bytes
 * that do not decode as the encoding claims a 400 `BAD_BODY_ENCODING`, text that is not JSON a 400 `BAD_JSON`.
 * Paths in `except` are left unread.
 */
export function jsonBody(limit: string, options: { except?: readonly string[] } = {}): Middleware<AppState> {
  const parse = bodyParser({
    enableTypes: ['json'],
    jsonLimit: limit,
    encoding: 'utf-8',
    onError: (error, ctx) => {
      // The reader stopped at the error and left the rest of the body unread; a client still sending it would see the
      // connection reset instead of this answer. Read and drop the rest (a lingering close), and do not reuse the connection.
      ctx.set('Connection', 'close');
      discardRest(ctx.req);
      throw bodyError(error, ctx.get('content-encoding'));
    },
  });
  const except = new Set(options.except ?? []);
  // A path in `except` reads its body itself, after its caller is authenticated (a larger limit than everyone gets).
  return (ctx, next) => (except.has(ctx.path) ? next() : parse(ctx, next));
}

/** Past this many bytes after an error the client is not finishing a body but streaming one: the connection is dropped. */
const maxDiscardedBytes = 16 * 1024 * 1024;

function discardRest(req: IncomingMessage): void {
  let discarded = 0;
  req.unpipe();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxDiscardedBytes) req.destroy();
  });
  req.resume();
}

interface ReadError {
  status?: unknown;
  code?: unknown;
  errno?: unknown;
}

function bodyError(error: unknown, encoding: string): unknown {
  const { status, code, errno } = (error ?? {}) as ReadError;
  const named = JSON.stringify(encoding.slice(0, 40));
  // The only 415 of this reader: charset is fixed to UTF-8, so it is inflation's "Unsupported Content-Encoding".
  if (status === 415) {
    return new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Encoding ${named} is not supported: send the body as is, or as gzip, deflate or br.`,
      'content-encoding',
    );
  }
  // zlib's failures (Z_DATA_ERROR, brotli's ERR__ERROR_FORMAT_*) carry a numeric errno and no HTTP status.
  if (status === undefined && (typeof errno === 'number' || (typeof code === 'string' && /^(Z_|ERR_)/.test(code)))) {
    return new AppError('BAD_BODY_ENCODING', `The body is not valid ${named} data.`, 'body');
  }
  if (error instanceof SyntaxError) return new AppError('BAD_JSON', undefined, 'body');
  return error;
}
