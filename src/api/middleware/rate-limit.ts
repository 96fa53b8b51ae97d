import type { Context, Middleware } from 'koa';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts, type IRateLimiterOptions } from 'rate-limiter-flexible';
import { AppError } from '../../core/errors';
import type { Config } from '../../core/config';
import type { Logger } from '../../core/logger';
import {
  budgetFor,
  budgetRole,
  budgetRoles,
  chargeFor,
  rateLimitPolicy,
  type Bucket,
  type BudgetRole,
  type RateLimitPolicy,
  type Scope,
} from '../rate-limits/policy';
import { clientAddressKey } from '../rate-limits/client-address';
import { rateLimitHeaders, retryAfterSeconds, type CountState } from '../rate-limits/headers';
import type { AppState } from '../context/state';
import { bearerOf } from './auth';

/**
 * Rate limits, counted in Redis so that every API process shares them
 * (rate-limiter-flexible: one atomic INCRBY-with-expiry script per count,
 * fixed windows that start with a key's first request).
 *
 * When Redis is down or slower than `rateLimitRedisTimeoutMs`, each count
 * falls back to the process's own memory with the same budget: limits stay in
 * force, only per process instead of shared. Neither failing open (one Redis
 * outage would lift every limit while the API is most fragile) nor failing
 * closed (a Redis outage would refuse every search, though search needs no
 * Redis) would do; no request waits on a Redis that is not connected.
 */
export interface RateLimits {
  /**
   * Mount before the role check: refuses an address blocked for failed authentications (unless its bearer is a key this process
   * already knows valid), counts every 401 but an expired key's, and charges a refused role (403) to the address's budget.
   */
  failedAuthentications: Middleware<AppState>;
  /** Mount right after the role check: charges the request to its key's and its address's budgets. */
  budgets: Middleware<AppState>;
}

export interface RateLimitOptions {
  redis: Redis;
  config: Config;
  logger: Logger;
  /** Tells keys known valid from memory alone; without it, a blocked address is refused whatever its key. */
  keys?: { isKnownValid(bearer: string): boolean };
  /** @default Date.now */
  now?: () => number;
}

export function createRateLimits({ redis, config, logger, keys, now = Date.now }: RateLimitOptions): RateLimits {
  if (config.rateLimitDisabled) {
    logger.warn('rate limits are off (RATE_LIMIT_DISABLED)');
    const pass: Middleware<AppState> = (_ctx, next) => next();
    return { failedAuthentications: pass, budgets: pass };
  }
  const policy = rateLimitPolicy(config);
  const fallbackWarning = warnAtMostEvery(60_000, now, () =>
    logger.warn('Redis is unreachable or slow: rate limits are counted by each API process alone until it is back'),
  );
  const count = (name: string, points: number, blockSeconds = 0): Count | null =>
    points > 0
      ? createCount({
          redis,
          keyPrefix: `${config.indexPrefix}:rate-limit:${name}`,
          points,
          windowSeconds: policy.windowSeconds,
          blockSeconds,
          // A key's count can be over budget for a moment while a flood's refused requests are refunded; every shopper
          // shares the public key, so its refusals are always asked of Redis. An address's refusals are its own doing.
          remembersRefusals: !name.endsWith(':key'),
          timeoutMs: config.rateLimitRedisTimeoutMs,
          onFallback: fallbackWarning,
          now,
        })
      : null;
  const counts = countTable(policy, count);
  const failedAuth = count('failed-auth:address', policy.failedAuth.perAddress, policy.failedAuth.blockSeconds);
  /** Requests the budgets already charged: a 403 from a route after them is not charged twice. */
  const chargedRequests = new WeakSet<Context>();

  const budgets: Middleware<AppState> = async (ctx, next) => {
    const principal = ctx.state.principal;
    const role = budgetRole(principal?.role);
    const charge = chargeFor(policy, { method: ctx.method, path: ctx.path, body: ctx.request.body });
    const charged: Charged[] = [];
    // A customer key counts per customer: its signing key's id is shared by every signed-in shopper of the storefront.
    const keySubject = principal?.customerId ? `${principal.id}:${principal.customerId}` : principal?.id;
    for (const [scope, subject] of [
      ['key', keySubject],
      ['address', clientAddressKey(ctx.ip)],
    ] as const) {
      const target = counts(charge.bucket, role, scope);
      if (target && subject !== undefined) charged.push({ scope, count: target, subject });
    }
    chargedRequests.add(ctx);
    if (charged.length === 0) return next();

    // An address already known to have spent its budget is turned away without a trip to Redis or a charge to the key.
    const known = charged.flatMap((c) => {
      const ms = c.count.refusedFor(c.subject);
      return ms > 0 ? [{ ...c, state: c.count.spent(ms) }] : [];
    });
    if (known.length > 0) throw refuse(ctx, known);

    // The counts are asked at once: their commands share one round trip to Redis.
    const outcomes = await Promise.all(charged.map((c) => c.count.consume(c.subject, charge.points)));
    const refused = charged.flatMap((c, i) => (outcomes[i]!.allowed ? [] : [{ ...c, state: outcomes[i]!.state }]));
    if (refused.length > 0) {
      // A refused request costs nothing anywhere: a flood from one address must not spend the budget of the key every shopper
      // shares, and a spent count stays spent (at its budget) until its window ends anyway.
      for (const c of charged) c.count.refund(c.subject, charge.points);
      throw refuse(ctx, refused);
    }
    ctx.set(rateLimitHeaders(outcomes.map((o) => o.state)));
    // A request validation refuses costs its address, not its key: a key's budget is shared by all who hold it.
    const refundKey = () => {
      for (const c of charged) if (c.scope === 'key') c.count.refund(c.subject, charge.points);
    };
    try {
      await next();
    } catch (error) {
      if ((error as { status?: unknown }).status === 400) refundKey();
      throw error;
    }
    if (ctx.status === 400) refundKey();
  };

  const failedAuthentications: Middleware<AppState> = async (ctx, next) => {
    if (!failedAuth)
      return next().catch(async (error: unknown) => {
        if ((error as { status?: unknown }).status === 403 && !chargedRequests.has(ctx)) await chargeRefusal(ctx);
        throw error;
      });
    const address = clientAddressKey(ctx.ip);
    const blockedMs = failedAuth.refusedFor(address);
    // Blocked: only a key this process already knows valid gets through (memory alone, so guesses cost no query); a shopper
    // behind the address of someone who tried bad keys keeps shopping.
    if (blockedMs > 0 && !knownValid(ctx)) throw refuse(ctx, [{ scope: 'failed-auth', state: failedAuth.spent(blockedMs) }]);
    try {
      await next();
    } catch (error) {
      const { status, code } = error as { status?: unknown; code?: unknown };
      if (status === 401 && code !== 'KEY_EXPIRED') await countFailure(ctx, address);
      if (status === 403 && !chargedRequests.has(ctx)) await chargeRefusal(ctx);
      throw error;
    }
    if (ctx.status === 401) await countFailure(ctx, address);
  };

  function knownValid(ctx: Context): boolean {
    const bearer = bearerOf(ctx.get('authorization'));
    return bearer !== null && keys !== undefined && keys.isKnownValid(bearer);
  }

  async function countFailure(ctx: Context, address: string): Promise<void> {
    const outcome = await failedAuth!.consume(address, 1);
    if (!outcome.allowed) throw refuse(ctx, [{ scope: 'failed-auth', state: outcome.state }]);
  }

  /** A request refused before the budgets (a 403 from the role check) still costs its address, as any request does. */
  async function chargeRefusal(ctx: Context): Promise<void> {
    const charge = chargeFor(policy, { method: ctx.method, path: ctx.path, body: ctx.request.body });
    const target = counts(charge.bucket, budgetRole(ctx.state.principal?.role), 'address');
    if (!target) return;
    const subject = clientAddressKey(ctx.ip);
    const ms = target.refusedFor(subject);
    if (ms > 0) throw refuse(ctx, [{ scope: 'address', state: target.spent(ms) }]);
    const outcome = await target.consume(subject, charge.points);
    if (!outcome.allowed) {
      target.refund(subject, charge.points);
      throw refuse(ctx, [{ scope: 'address', state: outcome.state }]);
    }
    ctx.set(rateLimitHeaders([outcome.state]));
  }

  return { failedAuthentications, budgets };
}

interface Charged {
  scope: Scope;
  count: Count;
  subject: string;
}

/** Sets Retry-After and the RateLimit fields, and returns the 429 to throw. */
function refuse(ctx: Context, refused: ReadonlyArray<{ scope: Scope | 'failed-auth'; state: CountState }>): AppError {
  const states = refused.map((r) => r.state);
  const retryAfter = retryAfterSeconds(states);
  ctx.set({ ...rateLimitHeaders(states), 'Retry-After': String(retryAfter) });
  const what = refused[0]!.scope;
  const state = refused[0]!.state;
  const message =
    what === 'failed-auth'
      ? `Too many failed authentications from this address; retry in ${retryAfter} s.`
      : `The budget of this ${what === 'key' ? 'API key' : 'client address'} (${state.limit} points per ${state.windowSeconds} s) is spent; retry in ${retryAfter} s.`;
  return new AppError('RATE_LIMITED', message);
}

/** One count per bucket, role and scope; suggestions have one budget for every role, so one count per scope. */
function countTable(
  policy: RateLimitPolicy,
  count: (name: string, points: number) => Count | null,
): (bucket: Bucket, role: BudgetRole, scope: Scope) => Count | null {
  const scopes: Scope[] = ['key', 'address'];
  const table = new Map<string, Count | null>();
  for (const scope of scopes) {
    table.set(`suggest:${scope}`, count(`suggest:${scope}`, budgetFor(policy, 'suggest', 'public', scope)));
    for (const role of budgetRoles)
      table.set(`requests:${role}:${scope}`, count(`requests:${role}:${scope}`, budgetFor(policy, 'requests', role, scope)));
  }
  return (bucket, role, scope) => table.get(bucket === 'suggest' ? `suggest:${scope}` : `requests:${role}:${scope}`) ?? null;
}

/** One budget counted per subject (a key id or an address). */
interface Count {
  consume(subject: string, points: number): Promise<{ allowed: boolean; state: CountState }>;
  /** Gives points back (best effort, not awaited). */
  refund(subject: string, points: number): void;
  /** Milliseconds this process already knows the subject will be refused for; 0 if none. */
  refusedFor(subject: string): number;
  /** The state of a count spent for `ms` more milliseconds. */
  spent(ms: number): CountState;
}

/** Subjects remembered as refused, per count; enough for a flood from many addresses, small in memory. */
const maxRememberedRefusals = 10_000;

function createCount(options: {
  redis: Redis;
  keyPrefix: string;
  points: number;
  windowSeconds: number;
  /** After the budget is spent, refuse for this long instead of until the window ends; 0: until the window ends. */
  blockSeconds: number;
  timeoutMs: number;
  /** Refuses a subject from memory, without Redis, until the window in which it was refused ends. */
  remembersRefusals: boolean;
  onFallback: () => void;
  now: () => number;
}): Count {
  const { points, windowSeconds, now } = options;
  const shape: IRateLimiterOptions = { keyPrefix: options.keyPrefix, points, duration: windowSeconds, blockDuration: options.blockSeconds };
  const insurance = new FallbackCount(shape, options.onFallback);
  const limiter = new RLWrapperTimeouts({
    // rejectIfRedisNotReady: while the client reconnects, ask memory at once instead of queueing behind the reconnection.
    limiter: new RateLimiterRedis({ ...shape, storeClient: options.redis, rejectIfRedisNotReady: true }),
    timeoutMs: options.timeoutMs,
    insuranceLimiter: insurance,
    blockDuration: options.blockSeconds,
  });
  const refusedUntil = new Map<string, number>();
  const state = (remaining: number, resetMs: number): CountState => ({ limit: points, remaining, resetMs, windowSeconds });

  return {
    async consume(subject, cost) {
      try {
        const res = await limiter.consume(subject, cost);
        return { allowed: true, state: state(res.remainingPoints, res.msBeforeNext) };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error; // the memory count does not fail; anything else is a bug
        if (options.remembersRefusals) remember(refusedUntil, subject, now() + error.msBeforeNext, now());
        return { allowed: false, state: state(0, error.msBeforeNext) };
      }
    },
    refund(subject, cost) {
      limiter.reward(subject, cost).catch(() => undefined);
    },
    refusedFor(subject) {
      const until = refusedUntil.get(subject);
      if (until === undefined) return 0;
      if (until > now()) return until - now();
      refusedUntil.delete(subject);
      return 0;
    },
    spent: (ms) => state(0, ms),
  };
}

/** The in-memory count used while Redis is away; tells its owner when it is used. */
class FallbackCount extends RateLimiterMemory {
  constructor(
    options: IRateLimiterOptions,
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(key: string | number, points?: number, options?: { [key: string]: unknown }): Promise<RateLimiterRes> {
    this.onUse();
    return super.consume(key, points, options);
  }
}

function remember(refusals: Map<string, number>, subject: string, until: number, now: number): void {
  if (refusals.size >= maxRememberedRefusals) {
    for (const [key, at] of refusals) if (at <= now) refusals.delete(key);
    // Still full: forget the oldest; it is asked of Redis again, nothing worse.
    if (refusals.size >= maxRememberedRefusals) refusals.delete(refusals.keys().next().value!);
  }
  refusals.delete(subject);
  refusals.set(subject, until);
}

function warnAtMostEvery(ms: number, now: () => number, warn: () => void): () => void {
  let last = -Infinity;
  return () => {
    if (now() - last < ms) return;
    last = now();
    warn();
  };
}
