import assert from 'node:assert/strict';
import { clientAddressKey } from '../../../../src/api/rate-limits/client-address';

describe('clientAddressKey', () => {
  it('counts an IPv4 address as itself, also written IPv4-mapped', () => {
    assert.equal(clientAddressKey('203.0.113.9'), '203.0.113.9');
    assert.equal(clientAddressKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(clientAddressKey('::FFFF:127.0.0.1'), '127.0.0.1');
  });

  it('counts IPv6 addresses by their /64, however they are written', () => {
    const key = clientAddressKey('2001:db8:85a3:42::1');
    assert.equal(key, '2001:db8:85a3:42::/64');
    assert.equal(clientAddressKey('2001:0db8:85a3:0042:ffff:ffff:ffff:ffff'), key);
    assert.equal(clientAddressKey('2001:DB8:85A3:42:1:2:3:4'), key);
    assert.notEqual(clientAddressKey('2001:db8:85a3:43::1'), key);
    assert.equal(clientAddressKey('::1'), '0:0:0:0::/64');
    assert.equal(clientAddressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(clientAddressKey('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64');
  });

  it('keeps anything else apart from addresses, bounded in length', () => {
    assert.equal(clientAddressKey(''), 'other:');
    assert.equal(clientAddressKey('unknown'), 'other:unknown');
    assert.equal(clientAddressKey('x'.repeat(500)).length, 'other:'.length + 64);
  });
});
