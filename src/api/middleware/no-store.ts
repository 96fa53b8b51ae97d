import type { Middleware } from 'koa';
import type { AppState } from '../context/state';

/**
 * API answers differ per key and per moment (a new key is shown once; results follow the catalog), so no browser or shared
 * cache keeps a copy: every response without its own Cache-Control gets `no-store`. The web pages and their files set theirs
 * (revalidated or immutable), and keep it. Placed outside the error middleware so error bodies get it too.
 */
export function noStore(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store');
    }
  };
}
