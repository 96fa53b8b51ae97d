import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { generateKey, hashKey } from '../../../src/auth/api-keys';
import { deriveCustomerKey, isWellFormedKey, readCustomerKey, signatureMatches } from '../../../src/auth/customer-keys';

describe('customer keys', () => {
  const signingKey = generateKey('signing');
  const now = Date.UTC(2026, 11, 5, 12, 0, 0);

  it('signs the customer, the expiry and the signing key’s prefix, checkable with the stored hash alone', () => {
    const key = deriveCustomerKey(signingKey, { customerId: 'c-000001', ttlSeconds: 3600, now });
    assert.match(key, /^agc_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.ok(isWellFormedKey(key));
    const read = readCustomerKey(key);
    assert.ok(read);
    assert.deepEqual(read.claims, { signingKeyPrefix: signingKey.slice(0, 10), customerId: 'c-000001', expiresAt: now + 3_600_000 });
    assert.equal(signatureMatches(read, hashKey(signingKey)), true);
    assert.equal(signatureMatches(read, hashKey(generateKey('signing'))), false, 'another signing key did not sign it');
  });

  it('cannot be altered: another customer, a later expiry or a changed signature no longer verify', () => {
    const key = deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 60, now });
    const [body, signature] = key.slice(4).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = (changes: Record<string, unknown>) =>
      `agc_${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${signature}`;
    for (const tampered of [forged({ customer: 'c-2' }), forged({ exp: (claims.exp as number) + 86_400 })]) {
      const read = readCustomerKey(tampered);
      assert.ok(read, 'still well formed');
      assert.equal(signatureMatches(read, hashKey(signingKey)), false);
    }
    // A and E are both canonical last characters (the 2 unused bits zero): a different signature, not a different spelling.
    const flipped = `${key.slice(0, -2)}${key.endsWith('AA') ? 'AE' : 'AA'}`;
    assert.equal(signatureMatches(readCustomerKey(flipped)!, hashKey(signingKey)), false);
  });

  it('has exactly one spelling: the last character’s 2 unused bits set make another text, which is not a key', () => {
    const key = deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 60, now });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(key.at(-1)!);
    assert.equal(last & 3, 0, 'the signer writes the canonical spelling');
    const spellings = [1, 2, 3].map((bits) => `${key.slice(0, -1)}${alphabet[last | bits]}`);
    for (const spelling of spellings) {
      assert.deepEqual(Buffer.from(spelling.split('.')[1]!, 'base64url'), Buffer.from(key.split('.')[1]!, 'base64url'), 'same bytes');
      assert.equal(readCustomerKey(spelling), null, spelling);
    }
    assert.ok(readCustomerKey(key));
  });

  it('reads nothing that is not one: wrong shape, too long, claims of another form', () => {
    const encode = (value: unknown) => `agc_${Buffer.from(JSON.stringify(value)).toString('base64url')}.${'A'.repeat(43)}`;
    const valid = { v: 1, key: signingKey.slice(0, 10), customer: 'c-1', exp: 1_800_000_000 };
    assert.ok(readCustomerKey(encode(valid)));
    for (const bad of [
      'agc_',
      'agc_abc',
      `agc_abc.${'A'.repeat(42)}`,
      `agc_${'a'.repeat(5000)}.${'A'.repeat(43)}`,
      `agc_!!!.${'A'.repeat(43)}`,
      `agc_${Buffer.from('not json').toString('base64url')}.${'A'.repeat(43)}`,
      encode({ ...valid, v: 2 }),
      encode({ ...valid, key: 'agp_abcdef' }),
      encode({ ...valid, customer: ' c-1' }),
      encode({ ...valid, customer: 'c 1' }),
      encode({ ...valid, customer: 'x'.repeat(129) }),
      encode({ ...valid, exp: 1.5 }),
      encode({ ...valid, exp: '1800000000' }),
      encode({ ...valid, extra: true }),
    ]) {
      assert.equal(readCustomerKey(bad), null, bad.slice(0, 60));
    }
  });

  it('knows the shape of every key Agora issues, and nothing else', () => {
    assert.ok(isWellFormedKey(generateKey('public')));
    for (const bad of ['', 'x', 'Bearer', `agp_${'a'.repeat(16_000)}`, 'agp_not-a-real-key', `${generateKey('admin')}x`]) {
      assert.equal(isWellFormedKey(bad), false, bad.slice(0, 40));
    }
  });

  it('signs optional filters under the signature: read back as signed, refused when altered', () => {
    const filters = { merchantIds: ['m-run'], brandIds: ['nimbus', 'stride'] };
    const key = deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 60, now, filters });
    const read = readCustomerKey(key);
    assert.ok(read);
    assert.deepEqual(read.claims.filters, { merchantIds: ['m-run'], categoryIds: [], brandIds: ['nimbus', 'stride'] });
    assert.equal(signatureMatches(read, hashKey(signingKey)), true);
    assert.equal(readCustomerKey(deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 60, now }))!.claims.filters, undefined);
    const empty = deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 60, now, filters: { merchantIds: [] } });
    assert.equal(
      empty,
      deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 60, now }),
      'empty lists restrict nothing and are left out',
    );

    const [body, signature] = key.slice(4).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = (changes: Record<string, unknown>) =>
      `agc_${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${signature}`;
    const { filters: _dropped, ...withoutFilters } = claims;
    for (const tampered of [
      forged({ filters: { merchantIds: ['m-run', 'm-tech'], brandIds: ['nimbus', 'stride'] } }),
      forged({ filters: { merchantIds: ['m-tech'] } }),
      `agc_${Buffer.from(JSON.stringify(withoutFilters)).toString('base64url')}.${signature}`,
    ]) {
      const tamperedRead = readCustomerKey(tampered);
      assert.ok(tamperedRead, 'still well formed');
      assert.equal(signatureMatches(tamperedRead, hashKey(signingKey)), false);
    }
    for (const bad of [{ merchantIds: [] }, { merchantIds: ['m 1'] }, { shops: ['m-1'] }, {}]) {
      assert.equal(readCustomerKey(forged({ filters: bad })), null, JSON.stringify(bad));
    }
  });

  it('refuses filters that are not ids, too many, or too long for a key', () => {
    const derive = (filters: Record<string, string[]>) => deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 60, filters });
    assert.throws(() => derive({ merchantIds: ['m 1'] }), /filters\.merchantIds/);
    assert.throws(() => derive({ brandIds: [' b'] }), /filters\.brandIds/);
    assert.throws(() => derive({ merchantIds: Array.from({ length: 21 }, (_, i) => `m-${i}`) }), /at most 20/);
    assert.throws(() => derive({ merchantIds: Array.from({ length: 20 }, (_, i) => `${'m'.repeat(60)}-${i}`) }), /longer than the 1024/);
  });

  it('signs only with a signing key, for a well-formed customer, for a positive time', () => {
    assert.throws(() => deriveCustomerKey(generateKey('public'), { customerId: 'c-1', ttlSeconds: 60 }), /signing key/);
    assert.throws(() => deriveCustomerKey(signingKey, { customerId: 'c 1', ttlSeconds: 60 }));
    assert.throws(() => deriveCustomerKey(signingKey, { customerId: ' c-1', ttlSeconds: 60 }), /customerId/);
    assert.throws(() => deriveCustomerKey(signingKey, { customerId: 'c-1', ttlSeconds: 0 }), /ttlSeconds/);
  });

  it('are what the README’s few lines of Node sign', () => {
    const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
    const block = /<!-- customer-key-node[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, 'README shows the Node lines after their marker');
    const customerKey = vm.runInNewContext(`${block[1]}\ncustomerKey`, { require, Buffer, Date: { now: () => now } }) as (
      signingKey: string,
      customerId: string,
      ttlSeconds: number,
      filters?: object,
    ) => string;
    assert.equal(
      customerKey(signingKey, 'c-000001', 3600),
      deriveCustomerKey(signingKey, { customerId: 'c-000001', ttlSeconds: 3600, now }),
    );
    const filters = { merchantIds: ['m-run'], categoryIds: ['shoes'], brandIds: ['nimbus'] };
    assert.equal(
      customerKey(signingKey, 'c-000001', 3600, filters),
      deriveCustomerKey(signingKey, { customerId: 'c-000001', ttlSeconds: 3600, now, filters }),
    );
  });
});
