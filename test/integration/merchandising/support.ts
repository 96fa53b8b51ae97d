import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import type { TestEnvironment } from '../../support/environment';
import type { TestApi, TestApiOptions, TestResponse } from '../../support/http';
import { startStorefront } from '../../support/storefront';

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

export { ids, query } from '../../support/storefront';

export async function startHarness(options: TestApiOptions = {}): Promise<MerchandisingHarness> {
  const storefront = await startStorefront(options);
  const { env, api, publicKey } = storefront;
  const merchandiserKey = (await createApiKey(env.db, { role: 'merchandiser' })).key;
  const merch = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api.request(method, `/v1/merchandising${path}`, { key: merchandiserKey, body, headers });
  return {
    env,
    api,
    merchandiserKey,
    publicKey,
    merch,
    search: storefront.search,
    async createRule(rule) {
      const response = await merch('POST', '/rules', rule);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    },
    async reset() {
      for (const rule of (await merch('GET', '/rules?limit=500')).body.rules)
        assert.equal((await merch('DELETE', `/rules/${rule.id}`)).status, 204);
      for (const synonym of (await merch('GET', '/synonyms')).body.synonyms)
        assert.equal((await merch('DELETE', `/synonyms/${synonym.id}`)).status, 204);
      const weights = (await merch('GET', '/weights')).body;
      if (Object.keys(weights.global).length > 0) await merch('DELETE', '/weights/global');
      for (const id of Object.keys(weights.categories)) await merch('DELETE', `/weights/categories/${id}`);
    },
    close: storefront.close,
  };
}
