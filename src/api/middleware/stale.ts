import type { Context } from 'koa';
import type { StaleSource } from '../../core/last-good-value';
import type { AppState } from '../context/state';

/**
 * Marks the response as served from what this process last read, because
 * Postgres could not be read: `X-Agora-Stale` names the sources (e.g.
 * `api-key, merchandising`), and the standard `Warning: 110` says the same to
 * generic clients. A response with neither header is current.
 */
export function markStale(ctx: Context & { state: AppState }, source: StaleSource, cause?: unknown): void {
  const sources = (ctx.state.staleSources ??= []);
  if (sources.includes(source)) return;
  if (cause !== undefined) ctx.state.log.warn({ err: cause, source }, 'served without what Postgres could not give');
  sources.push(source);
  ctx.set('X-Agora-Stale', sources.join(', '));
  ctx.set('Warning', '110 agora "Response is Stale"');
}
