import type { Config } from '../../core/config';
import { maxEventsPerBatch } from '../../events/events';

/**
 * The pure half of the rate limits: budgets and what each request costs. The
 * middleware (`../middleware/rate-limit.ts`) does the counting in Redis.
 *
 * A budget is points per window, counted twice for every request: once for
 * its API key and once for its client address, each with the budget of the
 * key's role. As-you-type suggestions draw from a bucket of their own (one
 * call per keystroke would otherwise eat the budget of the searches that the
 * typing leads to), with one budget for every role.
 */
export type Bucket = 'requests' | 'suggest';
export type Scope = 'key' | 'address';

/** The roles with budgets of their own. */
export const budgetRoles = ['public', 'merchandiser', 'admin'] as const;
export type BudgetRole = (typeof budgetRoles)[number];

/** The budget a key's role draws on; any role without one of its own (none can call the API today) gets the public one, the smallest. */
export function budgetRole(role: string | undefined): BudgetRole {
  return role === 'merchandiser' || role === 'admin' ? role : 'public';
}

export interface RateLimitPolicy {
  windowSeconds: number;
  /** Points per window; 0 keeps no count. */
  budgets: { requests: Record<BudgetRole, Record<Scope, number>>; suggest: Record<Scope, number> };
  costs: {
    /** One merchandising preview: the search runs twice, live and with the draft rules. */
    preview: number;
    /** A batch of events costs 1 point plus 1 per this many events. */
    eventsPerPoint: number;
  };
  /** 401s one address may cause per window before it is refused for `blockSeconds`; 0: not counted. */
  failedAuth: { perAddress: number; blockSeconds: number };
}

export type RateLimitSettings = Pick<
  Config,
  | 'rateLimitWindowSeconds'
  | 'rateLimitPublicPerKey'
  | 'rateLimitPublicPerAddress'
  | 'rateLimitMerchandiserPerKey'
  | 'rateLimitMerchandiserPerAddress'
  | 'rateLimitAdminPerKey'
  | 'rateLimitAdminPerAddress'
  | 'rateLimitSuggestPerKey'
  | 'rateLimitSuggestPerAddress'
  | 'rateLimitPreviewCost'
  | 'rateLimitEventsPerPoint'
  | 'rateLimitFailedAuthPerAddress'
  | 'rateLimitFailedAuthBlockSeconds'
>;

export function rateLimitPolicy(config: RateLimitSettings): RateLimitPolicy {
  return {
    windowSeconds: config.rateLimitWindowSeconds,
    budgets: {
      requests: {
        public: { key: config.rateLimitPublicPerKey, address: config.rateLimitPublicPerAddress },
        merchandiser: { key: config.rateLimitMerchandiserPerKey, address: config.rateLimitMerchandiserPerAddress },
        admin: { key: config.rateLimitAdminPerKey, address: config.rateLimitAdminPerAddress },
      },
      suggest: { key: config.rateLimitSuggestPerKey, address: config.rateLimitSuggestPerAddress },
    },
    costs: { preview: config.rateLimitPreviewCost, eventsPerPoint: config.rateLimitEventsPerPoint },
    failedAuth: { perAddress: config.rateLimitFailedAuthPerAddress, blockSeconds: config.rateLimitFailedAuthBlockSeconds },
  };
}

/** Points per window of one count; 0: none kept. */
export function budgetFor(policy: RateLimitPolicy, bucket: Bucket, role: BudgetRole, scope: Scope): number {
  return bucket === 'suggest' ? policy.budgets.suggest[scope] : policy.budgets.requests[role][scope];
}

export interface Charge {
  bucket: Bucket;
  points: number;
}

/**
 * What one request costs. Routes match a path regardless of case and of a
 * trailing slash, so the path is compared the same way (`/V1/Events/` is
 * charged as `/v1/events`); the routes priced here take no parameters.
 */
export function chargeFor(policy: RateLimitPolicy, request: { method: string; path: string; body: unknown }): Charge {
  // HEAD runs the GET route.
  const method = request.method === 'HEAD' ? 'GET' : request.method.toUpperCase();
  const path = request.path.toLowerCase().replace(/\/+$/, '');
  switch (`${method} ${path}`) {
    case 'GET /v1/suggest':
      return { bucket: 'suggest', points: 1 };
    case 'POST /v1/merchandising/preview':
      return { bucket: 'requests', points: policy.costs.preview };
    case 'POST /v1/events':
      return { bucket: 'requests', points: 1 + Math.ceil(eventCount(request.body) / policy.costs.eventsPerPoint) };
    default:
      return { bucket: 'requests', points: 1 };
  }
}

/** Events in a batch as sent; a batch over the maximum is refused with a 400 by the route, so it costs no more than the largest valid one. */
function eventCount(body: unknown): number {
  const events = typeof body === 'object' && body !== null ? (body as { events?: unknown }).events : undefined;
  return Array.isArray(events) ? Math.min(events.length, maxEventsPerBatch) : 0;
}
