import assert from 'node:assert/strict';
import type Redis from 'ioredis';
import { createResultCache } from '../../../src/search/result-cache';

describe('search result cache without Redis', () => {
  it('answers a miss at once while Redis is reconnecting, instead of waiting in the offline queue', async () => {
    const waits = () => new Promise<never>(() => undefined);
    const reconnecting = { status: 'reconnecting', eval: waits, evalsha: waits, get: waits, set: waits } as unknown as Redis;
    const lookup = await createResultCache(reconnecting, 'test').lookup({ q: 'shoes' });
    assert.equal(lookup.value, null);
    await lookup.store({ hits: [] });
  });

  it('answers a miss within its timeout when Redis is connected but stalled, and gives up a store the same way', async () => {
    const waits = () => new Promise<never>(() => undefined);
    const stalled = { status: 'ready', eval: waits, evalsha: waits, get: waits, set: waits } as unknown as Redis;
    const lookup = await createResultCache(stalled, 'test', { timeoutMs: 20 }).lookup({ q: 'shoes' });
    assert.equal(lookup.value, null);
    await lookup.store({ hits: [] });
  });

  it('never rejects a store, whatever fails: the search does not wait for it (a value JSON cannot write, here)', async () => {
    let stored = 0;
    const ready = {
      status: 'ready',
      // The generation, milliseconds since it changed (long ago: answers may be stored), no entry.
      evalsha: async () => ['7', '60000', null],
      set: async () => {
        stored += 1;
        return 'OK';
      },
    } as unknown as Redis;
    const lookup = await createResultCache(ready, 'test').lookup({ q: 'shoes' });
    assert.equal(lookup.value, null);
    await lookup.store({ hits: [], total: 1n });
    assert.equal(stored, 0);
    await lookup.store({ hits: [] });
    assert.equal(stored, 1);
  });
});
