import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';

describe('API keys and roles (real Postgres)', () => {
  let env: TestEnvironment;
  let api: TestApi;
  const keys: Record<string, string> = {};

  before(async () => {
    env = await createTestEnvironment();
    api = await startTestApi(env);
    await env.db('merchants').insert([
      { id: 'm1', name: 'One' },
      { id: 'm2', name: 'Two' },
    ]);
    keys.public = (await createApiKey(env.db, { role: 'public' })).key;
    keys.merchandiser = (await createApiKey(env.db, { role: 'merchandiser' })).key;
    keys.admin = (await createApiKey(env.db, { role: 'admin' })).key;
    keys.scoped = (await createApiKey(env.db, { role: 'admin', merchantId: 'm1' })).key;
  });
  after(async () => {
    await api?.close();
    await env?.cleanup();
  });

  it('answers 401 JSON without a key, and with an unknown one', async () => {
    const none = await api.request('GET', '/v1/admin/keys');
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'UNAUTHORIZED');
    const unknown = await api.request('GET', '/v1/admin/keys', { key: 'aga_not-a-real-key' });
    assert.equal(unknown.status, 401);
    assert.match(unknown.body.error.message, /unknown or revoked/);
  });

  it('answers 403 for a key of a lesser role', async () => {
    for (const role of ['public', 'merchandiser']) {
      const response = await api.request('GET', '/v1/admin/keys', { key: keys[role] });
      assert.equal(response.status, 403, role);
      assert.equal(response.body.error.code, 'FORBIDDEN');
    }
  });

  it('stores keys hashed and lets an admin create and revoke them', async () => {
    const created = await api.request('POST', '/v1/admin/keys', { key: keys.admin, body: { role: 'public', label: 'storefront' } });
    assert.equal(created.status, 201);
    assert.match(created.body.key, /^agp_/);
    const stored = await env.db('api_keys').where({ id: created.body.id }).first();
    assert.notEqual(stored.hash, created.body.key);
    assert.equal(JSON.stringify(stored).includes(created.body.key), false);

    const revoked = await api.request('DELETE', `/v1/admin/keys/${created.body.id}`, { key: keys.admin });
    assert.equal(revoked.status, 204);
    const listed = await api.request('GET', '/v1/admin/keys', { key: keys.admin });
    assert.ok(listed.body.keys.find((k: { id: string; revokedAt: string | null }) => k.id === created.body.id).revokedAt);
  });

  it('refuses key management to merchant-scoped admin keys', async () => {
    const response = await api.request('GET', '/v1/admin/keys', { key: keys.scoped });
    assert.equal(response.status, 403);
  });
});
