/**
 * The rate-limit header fields of draft-ietf-httpapi-ratelimit-headers-06
 * (RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy)
 * and Retry-After, from the counts a request was charged to.
 */
export interface CountState {
  /** Points per window. */
  limit: number;
  /** Points left in the current window (0 when spent). */
  remaining: number;
  /** Milliseconds until the window (or a block) ends. */
  resetMs: number;
  windowSeconds: number;
}

/**
 * A request is charged to several counts (its key's and its address's); the
 * fields describe the one closest to refusing (fewest points left, then the
 * latest reset), and RateLimit-Policy lists them all.
 */
export function rateLimitHeaders(counts: readonly CountState[]): Record<string, string> {
  if (counts.length === 0) return {};
  const binding = counts.reduce((a, b) => (b.remaining < a.remaining || (b.remaining === a.remaining && b.resetMs > a.resetMs) ? b : a));
  return {
    'RateLimit-Limit': String(binding.limit),
    'RateLimit-Remaining': String(Math.max(0, binding.remaining)),
    'RateLimit-Reset': String(seconds(binding.resetMs)),
    'RateLimit-Policy': counts.map((c) => `${c.limit};w=${c.windowSeconds}`).join(', '),
  };
}

/** Seconds until every refusing count has room again; at least 1, so a client never retries at once. */
export function retryAfterSeconds(refused: readonly CountState[]): number {
  return Math.max(1, ...refused.map((c) => seconds(c.resetMs)));
}

function seconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}
