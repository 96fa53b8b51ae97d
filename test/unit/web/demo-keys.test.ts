import assert from 'node:assert/strict';
import { generateKey, hashKey } from '../../../src/auth/api-keys';
import { readCustomerKey, signatureMatches } from '../../../src/auth/customer-keys';
import { consoleDemoKey, demoCustomerIds, demoCustomerKeys, hostName, isLoopback, storefrontDemoKey } from '../../../src/web/demo-keys';

describe('demo keys handed to the web pages', () => {
  const development = {
    env: 'development',
    demoPublicKey: 'agp_public',
    demoMerchandiserKey: 'agm_merch',
    demoSigningKey: '',
    customerKeyMaxTtlSeconds: 86_400,
  } as const;
  const local = (ip: string) => ({ ip, host: '127.0.0.1:3000' });

  it('recognises loopback clients, IPv4, IPv6 and IPv4-mapped', () => {
    for (const ip of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(ip), true, ip);
    for (const ip of ['10.0.0.5', '::ffff:192.168.1.4', '2001:db8::1', '', 'localhost', '1270.0.0.1'])
      assert.equal(isLoopback(ip), false, ip);
  });

  it('hands the storefront its public key in development only', () => {
    assert.equal(storefrontDemoKey(development), 'agp_public');
    assert.equal(storefrontDemoKey({ ...development, env: 'production' }), null);
    assert.equal(storefrontDemoKey({ ...development, demoPublicKey: '' }), null);
  });

  it('hands the console its merchandiser key in development, to this machine only', () => {
    assert.equal(consoleDemoKey(development, local('127.0.0.1')), 'agm_merch');
    assert.equal(consoleDemoKey(development, local('::ffff:127.0.0.1')), 'agm_merch');
    assert.equal(consoleDemoKey(development, local('192.168.1.20')), null, 'a write key never reaches another machine');
    assert.equal(consoleDemoKey({ ...development, env: 'test' }, local('127.0.0.1')), null);
    assert.equal(consoleDemoKey({ ...development, demoMerchandiserKey: '' }, local('127.0.0.1')), null);
  });

  it('hands it out only when the browser named this machine (no DNS rebinding, no tunnel with a public name)', () => {
    for (const host of ['localhost:3000', 'LOCALHOST', '127.0.0.1', '[::1]:3000', '127.0.0.2:8080']) {
      assert.equal(consoleDemoKey(development, { ip: '127.0.0.1', host }), 'agm_merch', host);
    }
    for (const host of ['evil.example:3000', 'abc.ngrok.io', 'localhost.evil.example', '']) {
      assert.equal(consoleDemoKey(development, { ip: '127.0.0.1', host }), null, host);
    }
    assert.deepEqual(['localhost:3000', '[::1]:80', '[::1]', 'example.com'].map(hostName), ['localhost', '::1', '::1', 'example.com']);
  });

  it('signs a customer key for each demo customer with the demo signing key, in development only', () => {
    const signing = generateKey('signing');
    const now = Date.UTC(2026, 11, 5);
    const customers = demoCustomerKeys({ ...development, demoSigningKey: signing }, now);
    assert.deepEqual(
      customers.map((c) => c.id),
      demoCustomerIds,
    );
    for (const { id, key } of customers) {
      const read = readCustomerKey(key);
      assert.ok(read && signatureMatches(read, hashKey(signing)), id);
      assert.equal(read.claims.customerId, id);
      assert.equal(read.claims.expiresAt, now + 8 * 3_600_000);
    }
    const short = demoCustomerKeys({ ...development, demoSigningKey: signing, customerKeyMaxTtlSeconds: 600 }, now);
    assert.equal(readCustomerKey(short[0]!.key)!.claims.expiresAt, now + 600_000, 'never longer than the API accepts');
    assert.deepEqual(demoCustomerKeys({ ...development, demoSigningKey: signing, env: 'production' }), []);
    assert.deepEqual(demoCustomerKeys(development), [], 'no signing key, no sign-in');
  });
});
