import assert from 'node:assert/strict';
import { LruCache } from '../../../src/auth/lru';

describe('LruCache', () => {
  it('never holds more than its capacity, dropping the least recently used first', () => {
    const cache = new LruCache<string, number>(3);
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i);
    assert.equal(cache.get('a'), 0, 'reading a makes b the oldest');
    cache.set('d', 3);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('b'), undefined);
    assert.deepEqual(
      ['a', 'c', 'd'].map((key) => cache.get(key)),
      [0, 2, 3],
    );
    for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i);
    assert.equal(cache.size, 3);
  });

  it('drops entries by value, and everything', () => {
    const cache = new LruCache<string, { id: string }>(10);
    cache.set('x', { id: '1' });
    cache.set('y', { id: '2' });
    cache.set('z', { id: '1' });
    cache.deleteWhere((value) => value.id === '1');
    assert.deepEqual([cache.get('x'), cache.get('y')?.id, cache.get('z')], [undefined, '2', undefined]);
    cache.clear();
    assert.equal(cache.size, 0);
  });

  it('refuses a capacity that could not hold anything', () => {
    assert.throws(() => new LruCache(0));
  });
});
