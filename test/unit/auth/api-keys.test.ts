import assert from 'node:assert/strict';
import { generateKey, hashKey, roleAllows } from '../../../src/auth/api-keys';

describe('api keys', () => {
  it('orders roles: admin ⊇ merchandiser ⊇ public', () => {
    assert.equal(roleAllows('admin', 'merchandiser'), true);
    assert.equal(roleAllows('merchandiser', 'public'), true);
    assert.equal(roleAllows('public', 'merchandiser'), false);
    assert.equal(roleAllows('merchandiser', 'admin'), false);
  });

  it('generates distinct, role-prefixed keys and hashes them one way', () => {
    const a = generateKey('public');
    const b = generateKey('public');
    assert.match(a, /^agp_[A-Za-z0-9_-]{32}$/);
    assert.notEqual(a, b);
    assert.equal(hashKey(a), hashKey(a));
    assert.notEqual(hashKey(a), hashKey(b));
    assert.equal(hashKey(a).length, 64);
  });
});
