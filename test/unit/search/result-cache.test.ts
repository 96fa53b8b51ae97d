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
      // The generation, milliseconds since it changed (long ago: answers may be stored), no entry, asked before.
      evalsha: async () => ['7', '60000', null, '1'],
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

  it('stores an answer only when the same search was asked before (the lookup set the mark on a first ask)', async () => {
    let stored = 0;
    const evalArgs: unknown[][] = [];
    const firstAsk = {
      status: 'ready',
      // No entry, and the asked-mark was not there: a first ask.
      evalsha: async (...args: unknown[]) => {
        evalArgs.push(args);
        return ['7', '60000', null, '0'];
      },
      set: async () => {
        stored += 1;
        return 'OK';
      },
    } as unknown as Redis;
    const lookup = await createResultCache(firstAsk, 'test').lookup({ q: 'shoes' });
    await lookup.store({ hits: [] });
    assert.equal(stored, 0, 'a first ask is not stored');
    assert.match(String(evalArgs[0]![6]), /^test:search-asked:/, 'the lookup names the asked-mark');
    const everyAnswer = await createResultCache(firstAsk, 'test', { storeAfterAskedWithinSeconds: 0 }).lookup({ q: 'shoes' });
    await everyAnswer.store({ hits: [] });
    assert.equal(stored, 1, 'with the rule off, every answer is stored');
  });
});
