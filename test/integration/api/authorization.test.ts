import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/auth/api-keys';
import { deriveCustomerKey } from '../../../src/auth/customer-keys';
import { principalKinds, type PrincipalKind } from '../../../src/auth/authorization';
import { grants, readmeAuthorizationTable } from '../../support/authorization-table';
import { startStorefront, type Storefront } from '../../support/storefront';

/**
 * The README's authorization table, enforced: every operation of
 * /openapi.json is found in exactly one row, and every kind of key gets
 * through (anything but 401/403) or is refused (403; a signing key, never a bearer, 401) as that row says. Then
 * the holes issue 17 found, one by one, with a merchant-scoped admin key.
 */
describe('authorization: the README table against every route (real services)', function () {
  this.timeout(60_000);
  let store: Storefront;
  const keys = {} as Record<PrincipalKind, string>;
  let merchandiserKey: string;

  before(async () => {
    store = await startStorefront({ env: { RATE_LIMIT_DISABLED: 'true' } });
    const { db } = store.env;
    keys.public = store.publicKey;
    const signing = (await createApiKey(db, { role: 'signing' })).key;
    keys.signing = signing;
    keys.customer = deriveCustomerKey(signing, { customerId: 'c-1', ttlSeconds: 600 });
    keys.merchandiser = merchandiserKey = (await createApiKey(db, { role: 'merchandiser' })).key;
    keys.admin = (await createApiKey(db, { role: 'admin' })).key;
    keys['merchant-admin'] = (await createApiKey(db, { role: 'admin', merchantId: 'm-tech' })).key;
  });
  after(async () => {
    await store?.close();
  });

  /** `/v1/x/:id`, `/v1/x/*` (backticked in the routes cell) as a regular expression over a path. */
  const routePatterns = (cell: string): RegExp[] =>
    [...cell.matchAll(/`(?:[A-Z]+ )?(\/v1\/[^`\s]*)`/g)].map(
      ([, route]) => new RegExp(`^${route!.replace(/\*$/, '.*').replace(/:[a-z]+/g, '[^/]+')}$`),
    );

  it('finds every operation of /openapi.json in exactly one area of the table, and each key gets what its cell says', async () => {
    const table = readmeAuthorizationTable();
    const areas = [...table].filter(([area]) => area !== 'customer-data');
    const document = (await store.api.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    let checked = 0;
    for (const [template, operations] of Object.entries(document.paths)) {
      if (!template.startsWith('/v1/')) continue;
      // Customer c-1 is the one the customer key is bound to; ids elsewhere name nothing, so writes end in 400 or 404.
      const path = template.replace('{id}', template.startsWith('/v1/customers/') ? 'c-1' : template.includes('/keys/') ? '999999' : 'x-1');
      const matching = areas.filter(([, row]) => routePatterns(row.routes).some((pattern) => pattern.test(path)));
      assert.equal(matching.length, 1, `${template} is in ${matching.map(([area]) => area).join(', ') || 'no area'}`);
      const [area, row] = matching[0]!;
      // A route whose path names a customer is that customer's data too: both rows must grant it.
      const customerRow = table.get('customer-data')!;
      const namesCustomer = routePatterns(customerRow.routes).some((pattern) => pattern.source.includes('[^/]+') && pattern.test(path));
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        for (const kind of principalKinds) {
          const response = await store.api.request(method, path, {
            key: keys[kind],
            body: ['POST', 'PUT'].includes(method) ? {} : undefined,
          });
          const label = `${method} ${path} with a ${kind} key (${area}: "${row.cells[kind]}")`;
          if (grants(row.cells[kind]) && (!namesCustomer || grants(customerRow.cells[kind]))) {
            assert.ok(![401, 403].includes(response.status), `${label} → ${response.status} ${JSON.stringify(response.body)}`);
          } else if (kind === 'signing') {
            // Answered as an unknown key: a 403 would confirm to whoever holds a leaked signing key that it is valid.
            assert.equal(response.status, 401, `${label} → ${JSON.stringify(response.body)}`);
            assert.equal(response.body.error.code, 'UNAUTHORIZED');
          } else {
            assert.equal(response.status, 403, `${label} → ${JSON.stringify(response.body)}`);
            assert.equal(response.body.error.code, 'FORBIDDEN');
          }
          checked += 1;
        }
      }
    }
    assert.ok(checked > 150, `${checked} requests`);
  });

  describe('a key scoped to merchant m-tech', () => {
    const scoped = () => keys['merchant-admin'];
    const asScoped = (method: string, path: string, body?: unknown) => store.api.request(method, path, { key: scoped(), body });
    const rule = (actions: unknown[]) => ({ name: 'competitor', priority: 1, conditions: {}, actions });

    it('cannot hide or bury another merchant’s products', async () => {
      const hide = await asScoped('POST', '/v1/merchandising/rules', rule([{ type: 'hide', productIds: ['shoe-1'] }]));
      assert.equal(hide.status, 403, JSON.stringify(hide.body));
      assert.match(hide.body.error.message, /whole marketplace.*merchant m-tech/);
      const bury = await asScoped(
        'POST',
        '/v1/merchandising/rules',
        rule([{ type: 'bury', filter: { merchantIds: ['m-run'] }, weight: 0.1 }]),
      );
      assert.equal(bury.status, 403, JSON.stringify(bury.body));
      const rules = await store.api.request('GET', '/v1/merchandising/rules', { key: merchandiserKey });
      assert.deepEqual(rules.body.rules, [], 'nothing was created');
      assert.ok((await store.search({ q: 'nimbus trail' })).body.hits.some((h: { id: string }) => h.id === 'shoe-1'));
    });

    it('cannot change the marketplace’s ranking weights or synonyms, nor preview drafts', async () => {
      assert.equal((await asScoped('PUT', '/v1/merchandising/weights/global', { text: 0.1 })).status, 403);
      assert.equal((await asScoped('PUT', '/v1/merchandising/weights/categories/running-shoes', { text: 0.1 })).status, 403);
      assert.equal((await asScoped('POST', '/v1/merchandising/synonyms', { type: 'multiway', terms: ['nimbus', 'junk'] })).status, 403);
      assert.equal((await asScoped('POST', '/v1/merchandising/preview', { q: 'shoes' })).status, 403);
      const weights = await store.api.request('GET', '/v1/merchandising/weights', { key: merchandiserKey });
      assert.deepEqual(weights.body.global, {}, 'global weights untouched');
    });

    it('cannot read the marketplace’s search analytics (everyone’s queries)', async () => {
      for (const report of ['top-queries', 'zero-results', 'low-ctr']) {
        const response = await asScoped('GET', `/v1/merchandising/analytics/${report}`);
        assert.equal(response.status, 403, report);
      }
    });

    it('still writes its own products, and only those', async () => {
      const product = { categoryId: 'phones', titleEn: 'Scoped Phone', price: 10, stock: 1 };
      const own = await asScoped('PUT', '/v1/admin/products/scoped-1', { ...product, merchantId: 'm-tech' });
      assert.ok([200, 201].includes(own.status), JSON.stringify(own.body));
      const other = await asScoped('PUT', '/v1/admin/products/scoped-2', { ...product, merchantId: 'm-run' });
      assert.equal(other.status, 403);
      assert.equal((await asScoped('DELETE', '/v1/admin/products/shoe-1')).status, 403, 'shoe-1 is m-run’s');
      assert.equal((await asScoped('PUT', '/v1/admin/merchants/m-tech', { name: 'Renamed' })).status, 403);
      assert.equal((await asScoped('GET', '/v1/admin/keys')).status, 403);
    });
  });

  it('refuses a signing key as a bearer exactly as an unknown key, confirming nothing', async () => {
    const response = await store.api.request('GET', '/v1/search?q=shoes', { key: keys.signing });
    const unknown = await store.api.request('GET', '/v1/search?q=shoes', { key: `${keys.signing.slice(0, -4)}AAAA` });
    assert.equal(response.status, 401);
    assert.deepEqual(
      { code: response.body.error.code, message: response.body.error.message },
      { code: unknown.body.error.code, message: unknown.body.error.message },
    );
  });

  it('takes X-Actor into the audit trail only as a plain name (400 naming the header otherwise)', async () => {
    const rule = { name: 'audited', priority: 1, conditions: {}, actions: [{ type: 'hide', productIds: ['pan-2'] }] };
    const merch = (actor: string) =>
      store.api.request('POST', '/v1/merchandising/rules', { key: merchandiserKey, body: rule, headers: { 'x-actor': actor } });
    // Header values travel as bytes: the right-to-left override goes as its UTF-8 bytes, as a client would send it.
    const rightToLeft = Buffer.from('ana\u202eexe.txt', 'utf8').toString('latin1');
    for (const actor of ['<img src=x onerror=alert(1)>', 'a'.repeat(500), "Robert'); drop table rules; --", rightToLeft]) {
      const response = await merch(actor);
      assert.equal(response.status, 400, actor.slice(0, 20));
      assert.equal(response.body.error.field, 'X-Actor');
    }
    assert.deepEqual((await store.api.request('GET', '/v1/merchandising/rules', { key: merchandiserKey })).body.rules, []);
    const created = await merch('ana.lima@shop.example');
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { versions } = (await store.api.request('GET', `/v1/merchandising/rules/${created.body.id}/versions`, { key: merchandiserKey }))
      .body;
    assert.equal(versions[0].actor.name, 'ana.lima@shop.example');
    assert.equal((await store.api.request('DELETE', `/v1/merchandising/rules/${created.body.id}`, { key: merchandiserKey })).status, 204);
  });
});
