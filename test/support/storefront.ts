import { createApiKey } from '../../src/auth/api-keys';
import { productInput } from '../../src/catalog/schemas';
import { upsertProduct } from '../../src/catalog/writes';
import { createLogger } from '../../src/core/logger';
import { reindex } from '../../indexers/reindex/reindex';
import { createTestEnvironment, type TestEnvironment } from './environment';
import { startTestApi, type TestApi, type TestApiOptions, type TestResponse } from './http';
import { loadSearchCatalog } from './search-catalog';

/** The hand-made catalog (fixtures/search/catalog.json), indexed, behind a running API, with a storefront key. */
export interface Storefront {
  env: TestEnvironment;
  api: TestApi;
  publicKey: string;
  /** GET with the storefront key; list values repeat the parameter. */
  get(path: string, params?: Record<string, string | string[]>): Promise<TestResponse>;
  search(params: Record<string, string | string[]>): Promise<TestResponse>;
  /** Adds products (catalog input fields, by id) to the catalog, then rebuilds the index so searches see them. */
  addProducts(products: Record<string, Record<string, unknown>>): Promise<void>;
  close(): Promise<void>;
}

export const ids = (body: { hits: Array<{ id: string }> }): string[] => body.hits.map((h) => h.id);

export function query(params: Record<string, string | string[]>): string {
  const out = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  return out.toString();
}

export async function startStorefront(options: TestApiOptions & { env?: NodeJS.ProcessEnv } = {}): Promise<Storefront> {
  const env = await createTestEnvironment(options.env);
  await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
  const api = await startTestApi(env, options);
  const publicKey = (await createApiKey(env.db, { role: 'public' })).key;
  const get = (path: string, params: Record<string, string | string[]> = {}) => {
    const qs = query(params);
    return api.request('GET', qs === '' ? path : `${path}?${qs}`, { key: publicKey });
  };
  return {
    env,
    api,
    publicKey,
    get,
    search: (params) => get('/v1/search', params),
    async addProducts(products) {
      for (const [id, product] of Object.entries(products))
        await upsertProduct(env.db, id, productInput.parse(product), { merchantId: null });
      await reindex({ db: env.db, es: env.es, config: env.config, logger: createLogger({ logLevel: 'silent', logFormat: 'json' }) });
    },
    async close() {
      await api.close();
      await env.cleanup();
    },
  };
}
