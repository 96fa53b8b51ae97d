import assert from 'node:assert/strict';
import { consoleDemoKey, isLoopback, storefrontDemoKey } from '../../../src/web/demo-keys';

describe('demo keys handed to the web pages', () => {
  const development = { env: 'development', demoPublicKey: 'agp_public', demoMerchandiserKey: 'agp_merch' } as const;

  it('recognises loopback clients, IPv4, IPv6 and IPv4-mapped', () => {
    for (const ip of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(ip), true, ip);
    for (const ip of ['10.0.0.5', '::ffff:192.168.1.4', '2001:db8::1', '', 'localhost', '1270.0.0.1']) assert.equal(isLoopback(ip), false, ip);
  });

  it('hands the storefront its public key in development only', () => {
    assert.equal(storefrontDemoKey(development), 'agp_public');
    assert.equal(storefrontDemoKey({ ...development, env: 'production' }), null);
    assert.equal(storefrontDemoKey({ ...development, demoPublicKey: '' }), null);
  });

  it('hands the console its merchandiser key in development, to this machine only', () => {
    assert.equal(consoleDemoKey(development, '127.0.0.1'), 'agp_merch');
    assert.equal(consoleDemoKey(development, '::ffff:127.0.0.1'), 'agp_merch');
    assert.equal(consoleDemoKey(development, '192.168.1.20'), null, 'a write key never reaches another machine');
    assert.equal(consoleDemoKey({ ...development, env: 'test' }, '127.0.0.1'), null);
    assert.equal(consoleDemoKey({ ...development, demoMerchandiserKey: '' }, '127.0.0.1'), null);
  });
});
