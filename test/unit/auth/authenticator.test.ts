import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import pino from 'pino';
import { generateKey, hashKey, type ApiKeyPrincipal, type Role, type SigningKey } from '../../../src/auth/api-keys';
import { createApiKeyAuthenticator, type AuthenticatorSettings, type KeyRecords } from '../../../src/auth/authenticator';
import { deriveCustomerKey } from '../../../src/auth/customer-keys';

/** Keys in memory, counting every lookup the authenticator makes. */
function fakeRecords() {
  const stored = new Map<string, ApiKeyPrincipal & { hash: string; key: string }>();
  const calls = { byHash: 0, signingKeys: 0, touch: [] as string[] };
  let nextId = 1;
  const records: KeyRecords = {
    async byHash(hash) {
      calls.byHash += 1;
      const row = [...stored.values()].find((r) => r.hash === hash);
      return row ? { id: row.id, role: row.role, merchantId: row.merchantId, customerId: null, expiresAt: row.expiresAt } : null;
    },
    async signingKeys(prefix): Promise<SigningKey[]> {
      calls.signingKeys += 1;
      return [...stored.values()]
        .filter((r) => r.role === 'signing' && r.key.startsWith(prefix))
        .map((r) => ({ id: r.id, hash: r.hash, expiresAt: r.expiresAt }));
    },
    async touch(id) {
      calls.touch.push(id);
    },
  };
  return {
    records,
    calls,
    add(role: Role, extra: { merchantId?: string; expiresAt?: number } = {}) {
      const key = generateKey(role);
      const id = String(nextId++);
      stored.set(id, {
        id,
        key,
        hash: hashKey(key),
        role,
        merchantId: extra.merchantId ?? null,
        customerId: null,
        expiresAt: extra.expiresAt ?? null,
      });
      return { id, key };
    },
    remove(id: string) {
      stored.delete(id);
    },
  };
}

/** Signs claims by hand with any key, as anyone holding that key could. */
function signWith(key: string, claims: object): string {
  const signed = `agc_${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const secret = createHash('sha256').update(key).digest();
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

describe('API key authenticator', () => {
  let clock = Date.UTC(2026, 11, 5, 12);
  const logger = pino({ level: 'silent' });
  const setup = (settings: Partial<AuthenticatorSettings> = {}) => {
    const db = fakeRecords();
    const auth = createApiKeyAuthenticator({ records: db.records, redis: null, indexPrefix: 't', logger, settings, now: () => clock });
    return { db, auth };
  };
  beforeEach(() => {
    clock = Date.UTC(2026, 11, 5, 12);
  });

  it('refuses malformed and oversized bearers without a lookup, and without keeping them', async () => {
    const { db, auth } = setup({ cacheSize: 100 });
    for (const bearer of [
      'x',
      'agp_not-a-real-key',
      `agp_${'a'.repeat(16_000)}`,
      `agc_${'a'.repeat(5000)}.${'A'.repeat(43)}`,
      '\u0000'.repeat(40),
    ]) {
      const outcome = await auth.authenticate(bearer);
      assert.deepEqual(outcome, { ok: false, reason: 'The API key is unknown or revoked.' });
    }
    assert.deepEqual(db.calls, { byHash: 0, signingKeys: 0, touch: [] });
  });

  it('looks a key up once per TTL, and again after it', async () => {
    const { db, auth } = setup({ cacheTtlMs: 10_000 });
    const { id, key } = db.add('merchandiser');
    const first = await auth.authenticate(key);
    assert.ok(first.ok && first.principal.id === id && first.principal.role === 'merchandiser');
    await Promise.all(Array.from({ length: 5 }, () => auth.authenticate(key)));
    assert.equal(db.calls.byHash, 1);
    clock += 10_001;
    await auth.authenticate(key);
    assert.equal(db.calls.byHash, 2);
  });

  it('shares one lookup among concurrent requests with the same key', async () => {
    const { db, auth } = setup();
    const { key } = db.add('public');
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => auth.authenticate(key)));
    assert.ok(outcomes.every((o) => o.ok));
    assert.equal(db.calls.byHash, 1);
  });

  it('stays within its size, and made-up keys cannot push real ones out', async () => {
    const { db, auth } = setup({ cacheSize: 100 });
    const real = db.add('public');
    await auth.authenticate(real.key);
    for (let i = 0; i < 2000; i++) await auth.authenticate(generateKey('public'));
    const lookups = db.calls.byHash;
    assert.ok((await auth.authenticate(real.key)).ok);
    assert.equal(db.calls.byHash, lookups, 'the real key is still cached');
    // Unknown keys are remembered too (briefly, in their own bounded cache): a repeat costs no query.
    const unknown = generateKey('admin');
    await auth.authenticate(unknown);
    await auth.authenticate(unknown);
    assert.equal(db.calls.byHash, lookups + 1);
  });

  it('forgets a revoked key at once, even while a lookup of it is under way', async () => {
    const { db, auth } = setup({ cacheTtlMs: 60_000 });
    const { id, key } = db.add('admin');
    assert.ok((await auth.authenticate(key)).ok);
    db.remove(id);
    assert.ok((await auth.authenticate(key)).ok, 'cached, as it should be until told');
    await auth.revoked(id);
    assert.equal((await auth.authenticate(key)).ok, false);

    const other = db.add('admin');
    const pending = auth.authenticate(other.key);
    db.remove(other.id);
    await auth.revoked(other.id);
    assert.ok((await pending).ok, 'that request started before the revocation');
    assert.equal((await auth.authenticate(other.key)).ok, false, 'but what it read was not kept');
  });

  it('trusts a known key stale while Postgres fails, never an unknown one, and not a key revoked meanwhile (#22)', async () => {
    const { db, auth } = setup({ cacheTtlMs: 10_000 });
    const known = db.add('public');
    const revokedLater = db.add('public');
    const signing = db.add('signing');
    const customer = deriveCustomerKey(signing.key, { customerId: 'c-1', ttlSeconds: 600, now: clock });
    for (const key of [known.key, revokedLater.key, customer]) assert.deepEqual((await auth.authenticate(key)).ok, true);
    const neverSeen = db.add('public');
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    db.records.byHash = () => Promise.reject(down);
    db.records.signingKeys = () => Promise.reject(down);
    clock += 10_001;

    const stale = await auth.authenticate(known.key);
    assert.ok(stale.ok && stale.stale === true && stale.principal.id === known.id);
    const staleCustomer = await auth.authenticate(customer);
    assert.ok(staleCustomer.ok && staleCustomer.stale === true && staleCustomer.principal.customerId === 'c-1');
    await assert.rejects(auth.authenticate(neverSeen.key), /ECONNREFUSED/);
    await auth.revoked(revokedLater.id);
    await assert.rejects(auth.authenticate(revokedLater.key), /ECONNREFUSED/);
  });

  it('refuses a key past its expiry, even from the cache', async () => {
    const { db, auth } = setup({ cacheTtlMs: 60_000 });
    const { key } = db.add('public', { expiresAt: clock + 1000 });
    assert.ok((await auth.authenticate(key)).ok);
    clock += 1000;
    const outcome = await auth.authenticate(key);
    assert.equal(outcome.ok, false);
    assert.match(!outcome.ok ? outcome.reason : '', /expired at 2026-12-05T12:00:01/);
  });

  it('answers a signing key sent as a bearer as an unknown key, warns of a possible leak, and does not record its use', async () => {
    const warnings: unknown[] = [];
    const db = fakeRecords();
    const spy = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    const auth = createApiKeyAuthenticator({ records: db.records, redis: null, indexPrefix: 't', logger: spy, now: () => clock });
    const signing = db.add('signing');
    const unknown = await auth.authenticate(generateKey('public'));
    const outcome = await auth.authenticate(signing.key);
    assert.deepEqual(outcome, unknown, 'the same answer as a key that does not exist');
    assert.deepEqual(db.calls.touch, []);
    assert.equal(auth.isKnownValid(signing.key), false);
    assert.equal(warnings.length, 1);
    assert.match(JSON.stringify(warnings[0]), /signing key was sent as a bearer/);
    assert.match(JSON.stringify(warnings[0]), new RegExp(`"keyId":"${signing.id}"`));
  });

  it('marks a genuine key past its expiry KEY_EXPIRED, and nothing else', async () => {
    const { db, auth } = setup({ cacheTtlMs: 60_000 });
    const stored = db.add('public', { expiresAt: clock + 1000 });
    const signing = db.add('signing');
    const expired = deriveCustomerKey(signing.key, { customerId: 'c-1', ttlSeconds: 60, now: clock - 61_000 });
    const forged = signWith(generateKey('signing'), { v: 1, key: signing.key.slice(0, 10), customer: 'c-1', exp: 1 });
    clock += 1000;
    for (const key of [stored.key, expired]) {
      const outcome = await auth.authenticate(key);
      assert.ok(!outcome.ok && outcome.code === 'KEY_EXPIRED', key);
    }
    for (const key of [forged, generateKey('public')]) {
      const outcome = await auth.authenticate(key);
      assert.ok(!outcome.ok && outcome.code === undefined, key);
    }
  });

  it('knows a valid key from memory alone, without a lookup', async () => {
    const { db, auth } = setup({ cacheTtlMs: 60_000 });
    const stored = db.add('public', { expiresAt: clock + 120_000 });
    const signing = db.add('signing');
    const customer = deriveCustomerKey(signing.key, { customerId: 'c-1', ttlSeconds: 600, now: clock });
    const other = deriveCustomerKey(signing.key, { customerId: 'c-2', ttlSeconds: 30, now: clock });
    assert.equal(auth.isKnownValid(stored.key), false, 'not looked up yet');
    assert.equal(auth.isKnownValid(customer), false, 'its signing key not looked up yet');
    assert.equal(db.calls.byHash + db.calls.signingKeys, 0);
    assert.ok((await auth.authenticate(stored.key)).ok);
    assert.ok((await auth.authenticate(customer)).ok);
    const calls = db.calls.byHash + db.calls.signingKeys;
    assert.equal(auth.isKnownValid(stored.key), true);
    assert.equal(auth.isKnownValid(customer), true);
    assert.equal(auth.isKnownValid(other), true, 'another key of the same signing key');
    assert.equal(
      auth.isKnownValid(signWith(generateKey('signing'), { v: 1, key: signing.key.slice(0, 10), customer: 'c-1', exp: 9e9 })),
      false,
    );
    assert.equal(auth.isKnownValid(generateKey('public')), false);
    assert.equal(auth.isKnownValid('garbage'), false);
    assert.equal(db.calls.byHash + db.calls.signingKeys, calls, 'never a lookup');
    clock += 31_000;
    assert.equal(auth.isKnownValid(other), false, 'expired');
    await auth.revoked(stored.id);
    assert.equal(auth.isKnownValid(stored.key), false, 'revoked');
  });

  it('records use at most once a minute per key', async () => {
    const { db, auth } = setup({ cacheTtlMs: 60_000 });
    const a = db.add('public');
    const b = db.add('merchandiser');
    for (let i = 0; i < 50; i++) await auth.authenticate(a.key);
    await auth.authenticate(b.key);
    clock += 59_000;
    await auth.authenticate(a.key);
    clock += 2_000;
    await auth.authenticate(a.key);
    assert.deepEqual(db.calls.touch, [a.id, b.id, a.id]);
  });

  describe('customer keys', () => {
    it('accepts one signed by an active signing key, as a public key bound to its customer', async () => {
      const { db, auth } = setup();
      const signing = db.add('signing');
      const key = deriveCustomerKey(signing.key, { customerId: 'c-7', ttlSeconds: 600, now: clock });
      const outcome = await auth.authenticate(key);
      assert.deepEqual(outcome, {
        ok: true,
        principal: { id: signing.id, role: 'public', merchantId: null, customerId: 'c-7', expiresAt: clock + 600_000 },
      });
      assert.deepEqual(db.calls.touch, [signing.id], 'the signing key shows as used');
    });

    it('refuses one expired, signed for too long, forged, or signed by a revoked or expired key', async () => {
      const { db, auth } = setup({ customerKeyMaxTtlMs: 3_600_000 });
      const signing = db.add('signing');
      const reason = async (key: string) => {
        const outcome = await auth.authenticate(key);
        assert.equal(outcome.ok, false, key);
        return !outcome.ok ? outcome.reason : '';
      };
      assert.match(await reason(deriveCustomerKey(signing.key, { customerId: 'c-1', ttlSeconds: 60, now: clock - 61_000 })), /expired/);
      assert.match(
        await reason(deriveCustomerKey(signing.key, { customerId: 'c-1', ttlSeconds: 7200, now: clock })),
        /longer than the 3600 s/,
      );
      const good = deriveCustomerKey(signing.key, { customerId: 'c-1', ttlSeconds: 60, now: clock });
      const [body, signature] = good.slice(4).split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as object;
      const otherCustomer = `agc_${Buffer.from(JSON.stringify({ ...claims, customer: 'c-2' })).toString('base64url')}.${signature}`;
      assert.match(await reason(otherCustomer), /not signed by an active signing key/);
      assert.ok((await auth.authenticate(good)).ok);
      db.remove(signing.id);
      await auth.revoked(signing.id);
      assert.match(await reason(good), /not signed by an active signing key/);

      const expiring = db.add('signing', { expiresAt: clock + 30_000 });
      const signed = deriveCustomerKey(expiring.key, { customerId: 'c-1', ttlSeconds: 600, now: clock });
      const accepted = await auth.authenticate(signed);
      assert.ok(accepted.ok && accepted.principal.expiresAt === clock + 30_000, 'it ends with its signing key');
      clock += 30_000;
      assert.match(await reason(signed), /signing key has expired/);
    });

    it('puts a key’s filters on its principal, and refuses the key when they are altered', async () => {
      const { db, auth } = setup();
      const signing = db.add('signing');
      const filters = { merchantIds: ['m-run'] };
      const key = deriveCustomerKey(signing.key, { customerId: 'c-7', ttlSeconds: 600, now: clock, filters });
      const outcome = await auth.authenticate(key);
      assert.ok(outcome.ok);
      assert.deepEqual(outcome.principal.keyFilters, { merchantIds: ['m-run'], categoryIds: [], brandIds: [] });
      const [body, signature] = key.slice(4).split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
      const reencode = (value: object) => `agc_${Buffer.from(JSON.stringify(value)).toString('base64url')}.${signature}`;
      const { filters: _dropped, ...unfiltered } = claims;
      for (const tampered of [reencode({ ...claims, filters: { merchantIds: ['m-tech'] } }), reencode(unfiltered)]) {
        const refused = await auth.authenticate(tampered);
        assert.equal(refused.ok, false);
        assert.match(!refused.ok ? refused.reason : '', /not signed by an active signing key/);
      }
    });

    it('refuses a customer key signed with a public key, which every browser holds', async () => {
      const { db, auth } = setup();
      const publicKey = db.add('public');
      assert.throws(() => deriveCustomerKey(publicKey.key, { customerId: 'c-1', ttlSeconds: 60 }));
      const forged = signWith(publicKey.key, {
        v: 1,
        key: publicKey.key.slice(0, 10),
        customer: 'c-1',
        exp: Math.floor(clock / 1000) + 60,
      });
      assert.equal((await auth.authenticate(forged)).ok, false);
      // The same lines with a signing key are what a storefront's server runs, and are accepted.
      const signing = db.add('signing');
      const signed = signWith(signing.key, { v: 1, key: signing.key.slice(0, 10), customer: 'c-1', exp: Math.floor(clock / 1000) + 60 });
      assert.equal(signed, deriveCustomerKey(signing.key, { customerId: 'c-1', ttlSeconds: 60, now: clock }));
      assert.ok((await auth.authenticate(signed)).ok);
    });
  });
});
