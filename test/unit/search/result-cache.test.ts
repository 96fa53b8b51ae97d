import assert from 'node:assert/strict';
import type Redis from 'ioredis';
import { createResultCache } from '../../../src/search/result-cache';

describe('search result cache without Redis', () => {
  it('answers a miss at once while Redis is reconnecting, instead of waiting in the offline queue', async () => {
    const waits = () => new Promise<never>(() => undefined);
    const reconnecting = { status: 'reconnecting', eval: waits, get: waits, set: waits } as unknown as Redis;
    const lookup = await createResultCache(reconnecting, 'test').lookup({ q: 'shoes' });
    assert.equal(lookup.value, null);
    await lookup.store({ hits: [] });
  });

  it('answers a miss within its timeout when Redis is connected but stalled, and gives up a store the same way', async () => {
    const waits = () => new Promise<never>(() => undefined);
    const stalled = { status: 'ready', eval: waits, get: waits, set: waits } as unknown as Redis;
    const lookup = await createResultCache(stalled, 'test', { timeoutMs: 20 }).lookup({ q: 'shoes' });
    assert.equal(lookup.value, null);
    await lookup.store({ hits: [] });
  });
});
