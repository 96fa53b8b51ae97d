import Router from '@koa/router';
import { z } from 'zod';
import { validationError } from '../../../core/errors';
import { analyticsOverview } from '../../../merchandising/analytics-overview';
import { lowCtrQueries, topQueries, zeroResultQueries, type Period } from '../../../merchandising/analytics';
import { contextTag, instant, parseInput } from '../../../core/validation';
import type { AppState } from '../../context/state';
import { singleValues, type MerchandisingRouteDeps } from './deps';

const dayMs = 86_400_000;
/** Longest period one report may scan. @default 366 days */
const maxPeriodDays = 366;
const whole = (min: number, max: number, fallback: number) =>
  z.string().regex(/^\d+$/, 'Must be a whole number.').transform(Number).pipe(z.number().int().min(min).max(max)).default(fallback);
/** Every report may be limited to one storefront context: the `context` tag searches sent (search_log.context). */
const reportQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  context: contextTag.optional(),
  limit: whole(1, 500, 50),
});
/** One-off junk: a query that found nothing for a single shopper is typing noise more often than demand. */
const zeroResultsQuery = reportQuery.extend({ min_shoppers: whole(1, 1_000_000, 1) });
const lowCtrQuery = reportQuery.extend({
  min_searches: whole(1, 1_000_000, 5),
  max_ctr: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'Must be a number.')
    .transform(Number)
    .pipe(z.number().min(0).max(1))
    .default(0.1),
});

const overviewQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  context: contextTag.optional(),
  time_zone: z
    .string()
    .max(64)
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return /^[A-Za-z0-9_+\-/]+$/.test(zone);
      } catch {
        return false;
      }
    }, 'An IANA time zone such as Europe/Berlin or UTC.')
    .default('UTC'),
});

/** [from, to): by default the seven days up to now; in the context asked, if any. */
function periodOf(input: { from?: string; to?: string; context?: string }, now: number): Period {
  const to = input.to === undefined ? new Date(now) : new Date(input.to);
  const from = input.from === undefined ? new Date(to.getTime() - 7 * dayMs) : new Date(input.from);
  if (from >= to) throw validationError('to', 'to must be after from.');
  if (to.getTime() - from.getTime() > maxPeriodDays * dayMs) throw validationError('from', `At most ${maxPeriodDays} days per report.`);
  return { from, to, context: input.context ?? null };
}

/** Search analytics for merchandisers over a chosen period. */
export function analyticsRoutes({ db, clock }: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/merchandising/analytics' });
  router.get('/overview', async (ctx) => {
    const input = parseInput(overviewQuery, singleValues(ctx.query));
    const period = periodOf(input, clock());
    ctx.body = { ...period, timeZone: input.time_zone, ...(await analyticsOverview(db, period, input.time_zone)) };
  });
  router.get('/top-queries', async (ctx) => {
    const input = parseInput(reportQuery, singleValues(ctx.query));
    const period = periodOf(input, clock());
    ctx.body = { ...period, queries: await topQueries(db, period, input.limit) };
  });
  router.get('/zero-results', async (ctx) => {
    const input = parseInput(zeroResultsQuery, singleValues(ctx.query));
    const period = periodOf(input, clock());
    ctx.body = { ...period, queries: await zeroResultQueries(db, period, input.limit, input.min_shoppers) };
  });
  router.get('/low-ctr', async (ctx) => {
    const input = parseInput(lowCtrQuery, singleValues(ctx.query));
    const period = periodOf(input, clock());
    ctx.body = {
      ...period,
      minSearches: input.min_searches,
      maxCtr: input.max_ctr,
      queries: await lowCtrQueries(db, period, { limit: input.limit, minSearches: input.min_searches, maxCtr: input.max_ctr }),
    };
  });
  return router;
}
