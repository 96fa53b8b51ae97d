import assert from 'node:assert/strict';
import { rateLimitHeaders, retryAfterSeconds } from '../../../../src/api/rate-limits/headers';

describe('rate-limit headers', () => {
  const key = { limit: 60_000, remaining: 59_000, resetMs: 30_000, windowSeconds: 60 };
  const address = { limit: 600, remaining: 12, resetMs: 41_200, windowSeconds: 60 };

  it('describes the count closest to refusing and lists every policy', () => {
    assert.deepEqual(rateLimitHeaders([key, address]), {
      'RateLimit-Limit': '600',
      'RateLimit-Remaining': '12',
      'RateLimit-Reset': '42',
      'RateLimit-Policy': '60000;w=60, 600;w=60',
    });
  });

  it('breaks a tie by the later reset, and never shows negative numbers', () => {
    const a = { limit: 5, remaining: 0, resetMs: 1000, windowSeconds: 10 };
    const b = { limit: 7, remaining: -3, resetMs: 9000, windowSeconds: 10 };
    assert.equal(rateLimitHeaders([a, b])['RateLimit-Limit'], '7');
    assert.equal(rateLimitHeaders([a, b])['RateLimit-Remaining'], '0');
    assert.equal(rateLimitHeaders([a, { ...a, limit: 9, resetMs: 5000 }])['RateLimit-Limit'], '9');
  });

  it('sends nothing without a count', () => {
    assert.deepEqual(rateLimitHeaders([]), {});
  });

  it('asks to retry once every refusing count has room, never sooner than 1 s', () => {
    assert.equal(retryAfterSeconds([address, { ...key, resetMs: 299_001 }]), 300);
    assert.equal(retryAfterSeconds([{ ...key, resetMs: 0 }]), 1);
  });
});
