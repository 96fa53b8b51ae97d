import assert from 'node:assert/strict';
import { generateKey, hashKey, roles, storedKeyPattern } from '../../../src/auth/api-keys';

describe('api keys', () => {
  it('generates distinct, role-prefixed keys and hashes them one way', () => {
    const a = generateKey('public');
    const b = generateKey('public');
    assert.match(a, /^agp_[A-Za-z0-9_-]{32}$/);
    assert.notEqual(a, b);
    assert.equal(hashKey(a), hashKey(a));
    assert.notEqual(hashKey(a), hashKey(b));
    assert.equal(hashKey(a).length, 64);
  });

  it('gives every role its own prefix, and every key it generates the shape that is looked up', () => {
    const prefixes = roles.map((role) => generateKey(role).slice(0, 4));
    assert.deepEqual(prefixes, ['agp_', 'ags_', 'agm_', 'aga_']);
    for (const role of roles) assert.match(generateKey(role), storedKeyPattern, role);
    for (const other of ['agp_short', `agx_${'a'.repeat(32)}`, `agp_${'a'.repeat(33)}`, `agp_${'a'.repeat(31)}=`, ` agp_${'a'.repeat(32)}`])
      assert.doesNotMatch(other, storedKeyPattern, other);
  });
});
