import assert from 'node:assert/strict';
import { lastGoodValue } from '../../../src/core/last-good-value';

describe('lastGoodValue', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 0;
  });

  it('serves the last value, marked stale, when a refresh fails, and retries only after retryMs', async () => {
    let loads = 0;
    let failing = false;
    const failures: unknown[] = [];
    const value = lastGoodValue(
      async () => {
        loads += 1;
        if (failing) throw new Error('down');
        return `v${loads}`;
      },
      { ttlMs: 100, retryMs: 50, now, onRefreshFailed: (error) => failures.push(error) },
    );
    assert.deepEqual(await value.read(), { value: 'v1', stale: false });
    failing = true;
    clock = 150;
    assert.deepEqual(await value.read(), { value: 'v1', stale: true });
    assert.equal(value.isStale(), true);
    assert.deepEqual(await value.read(), { value: 'v1', stale: true });
    assert.equal(loads, 2, 'no second try within retryMs');
    failing = false;
    clock = 210;
    assert.deepEqual(await value.read(), { value: 'v3', stale: false });
    assert.equal(value.isStale(), false);
    assert.equal(failures.length, 1);
  });

  it('fails the read when nothing was ever loaded', async () => {
    const value = lastGoodValue(() => Promise.reject(new Error('down')), { ttlMs: 100, now });
    await assert.rejects(value.read(), /down/);
    assert.equal(value.isStale(), false);
  });
});
