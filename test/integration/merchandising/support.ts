import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi, type TestApiOptions, type TestResponse } from '../../support/http';
import { loadSearchCatalog } from '../../support/search-catalog';

/** The demo catalog (fixtures/search/catalog.json) behind a running API, with a merchandiser and a storefront key. */
export interface MerchandisingHarness {
  env: TestEnvironment;
  api: TestApi;
  merchandiserKey: string;
  publicKey: string;
  /** Calls /v1/merchandising/<path> with the merchandiser key. */
  merch(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  search(params: Record<string, string | string[]>): Promise<TestResponse>;
  /** Creates a rule and fails the test unless it was accepted. */
  createRule(rule: Record<string, unknown>): Promise<{ id: string }>;
  /** Deletes every rule, synonym and weight override, so tests do not leak into each other. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const ids = (body: { hits: Array<{ id: string }> }): string[] => body.hits.map((h) => h.id);

export function query(params: Record<string, string | string[]>): string {
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  return out.toString();
}

export async function startHarness(options: TestApiOptions = {}): Promise<MerchandisingHarness> {
  const env = await createTestEnvironment();
  await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
  const api = await startTestApi(env, options);
  const merchandiserKey = (await createApiKey(env.db, { role: 'merchandiser' })).key;
  const publicKey = (await createApiKey(env.db, { role: 'public' })).key;
  const merch = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => api.request(method, `/v1/merchandising${path}`, { key: merchandiserKey, body, headers });
  return {
    env, api, merchandiserKey, publicKey, merch,
    search: (params) => api.request('GET', `/v1/search?${query(params)}`, { key: publicKey }),
    async createRule(rule) {
      const response = await merch('POST', '/rules', rule);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    },
    async reset() {
      for (const rule of (await merch('GET', '/rules?limit=500')).body.rules) assert.equal((await merch('DELETE', `/rules/${rule.id}`)).status, 204);
      for (const synonym of (await merch('GET', '/synonyms')).body.synonyms) assert.equal((await merch('DELETE', `/synonyms/${synonym.id}`)).status, 204);
      const weights = (await merch('GET', '/weights')).body;
      if (Object.keys(weights.global).length > 0) await merch('DELETE', '/weights/global');
      for (const id of Object.keys(weights.categories)) await merch('DELETE', `/weights/categories/${id}`);
    },
    async close() {
      await api.close();
      await env.cleanup();
    },
  };
}
