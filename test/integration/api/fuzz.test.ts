import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createApiKey } from '../../../src/auth/api-keys';
import { buildOpenApiDocument } from '../../../src/api/openapi/document';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';
import { startTestApi, type TestApi } from '../../support/http';
import { rawRequest, type RawResponse } from '../../support/raw-http';
import { loadSearchCatalog } from '../../support/search-catalog';
import { encodeWire, hostileString, hostileWireValue } from './fuzz/hostile';
import { caseArbitrary, operationsOf, problemWith, type FuzzCase, type FuzzContext } from './fuzz/requests';
import type { IdPools } from './fuzz/schema-values';

/**
 * Issue 17, item 3: a property-based fuzz of every route and method of /openapi.json, with hostile values in every
 * parameter and body field (and in the transport: methods, encodings, content types, paths), sent with each route's role's
 * key. Property: never a 5xx (a 501 only for a method nothing implements), every 4xx a JSON `{error: {code, message}}`,
 * every 400 naming its `field`.
 *
 * Bounded in time: FUZZ_BUDGET_MS (default 40 s) shared by the routes, FUZZ_RUNS cases per route at most (default 200).
 * FUZZ_SEED replays a run (each failure prints its seed, path and the request); without it the seed is random.
 */
const seed = process.env.FUZZ_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED);
const budgetMs = Number(process.env.FUZZ_BUDGET_MS ?? 40_000);
const runsPerRoute = Number(process.env.FUZZ_RUNS ?? 200);
/** FUZZ_VERBOSE=1 also prints the status counts of each route. */
const verbose = process.env.FUZZ_VERBOSE === '1';

/** The operations, known before the server starts so each gets its own test; the server's /openapi.json is checked to be this. */
const operations = operationsOf(buildOpenApiDocument() as { paths: Record<string, Record<string, any>> });
/** Tests still to run (every operation, plus the transport test) and when the budget runs out (set when the first starts). */
let testsLeft = operations.length + 1;
let deadline = 0;

/** This test's share of what is left of the budget; at least 2 s, so that one slow first request cannot fail a route. */
function timeShare(): number {
  deadline ||= Date.now() + budgetMs;
  const share = Math.max(2_000, (deadline - Date.now()) / testsLeft);
  testsLeft--;
  return share;
}

describe('fuzzing every route of /openapi.json with hostile input (real services)', function () {
  this.timeout(budgetMs + 120_000);
  let env: TestEnvironment;
  let api: TestApi;
  let ctx: FuzzContext;
  const statuses = new Map<number, number>();
  const byRoute = new Map<string, Map<number, number>>();
  let requests = 0;

  before(async () => {
    // Rate limits have tests of their own; here they would only turn the fuzz into a stream of 429s.
    env = await createTestEnvironment({ RATE_LIMIT_DISABLED: 'true', API_BODY_LIMIT: '256kb' });
    const catalog = await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    api = await startTestApi(env);
    const keys: Record<string, string> = {};
    for (const role of ['public', 'merchandiser', 'admin'] as const) keys[role] = (await createApiKey(env.db, { role })).key;
    // Sent now and then in place of a route's own key: a merchant-scoped admin key meets the scope checks.
    keys['admin of m-run'] = (await createApiKey(env.db, { role: 'admin', merchantId: 'm-run' })).key;
    const served = await rawRequest(api.baseUrl, 'GET', '/openapi.json');
    assert.deepEqual(operationsOf(served.body), operations, '/openapi.json is what the tests were generated from');

    // Rows for the `{id}` of each collection, so that plausible ids find something (and hostile ones meet real neighbours).
    const created = async (path: string, body: unknown): Promise<string> => {
      const response = await rawRequest(api.baseUrl, 'POST', path, {
        headers: { authorization: `Bearer ${keys.merchandiser}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 201, response.text);
      return String(response.body.id);
    };
    const rule = await created('/v1/merchandising/rules', { name: 'fuzz', actions: [{ type: 'data', data: { a: 1 } }] });
    const synonym = await created('/v1/merchandising/synonyms', { type: 'multiway', terms: ['sneaker', 'trainer'] });
    // A deleted rule, so that restoring its deletion recreates it under its old id (and a second restore meets it back).
    const gone = await created('/v1/merchandising/rules', { name: 'fuzz: deleted', actions: [{ type: 'data', data: { b: 2 } }] });
    const deleted = await rawRequest(api.baseUrl, 'DELETE', `/v1/merchandising/rules/${gone}`, {
      headers: { authorization: `Bearer ${keys.merchandiser}` },
    });
    assert.equal(deleted.status, 204, deleted.text);
    const changes = (await env.db('merchandising_changes').orderBy('id').pluck('id')).map(String);
    const spare = await createApiKey(env.db, { role: 'public', label: 'fuzz: may be revoked' });
    const pools: IdPools = {
      products: catalog.products.map((p) => p.id),
      categories: catalog.categories.map((c) => c.id),
      brands: catalog.brands.map((b) => b.id),
      merchants: catalog.merchants.map((m) => m.id),
      customers: ['c-1', 'c-2'],
      sessions: ['s-1', 's-2'],
      byCollection: {
        rules: [rule, '999999'],
        synonyms: [synonym, '999999'],
        suggestions: ['1', '999999'],
        keys: [spare.id, '999999'],
        // The history: the rule's and synonym's creations, the deleted rule's creation and deletion (restored, it comes back).
        changes: [...changes, '999999'],
      },
    };
    ctx = { pools, keys };
  });

  after(async () => {
    const counts = (tally: Map<number, number>) =>
      [...tally.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, n]) => `${status}: ${n}`)
        .join(', ');
    if (verbose) for (const [route, tally] of byRoute) console.log(`      ${route}: { ${counts(tally)} }`);
    console.log(`      fuzz: ${requests} requests (seed ${seed}), statuses { ${counts(statuses)} }`);
    await api?.close();
    await env?.cleanup();
  });

  async function send(route: string, fuzzCase: FuzzCase): Promise<RawResponse> {
    const response = await rawRequest(api.baseUrl, fuzzCase.method, fuzzCase.path, { headers: fuzzCase.headers, body: fuzzCase.body });
    requests++;
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const tally = byRoute.get(route) ?? new Map<number, number>();
    tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
    byRoute.set(route, tally);
    return response;
  }

  async function fuzz(
    route: string,
    arbitrary: fc.Arbitrary<FuzzCase>,
    runSeed: number,
    options: { allowNotImplemented?: boolean } = {},
  ): Promise<void> {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (fuzzCase) => {
        const problem = problemWith(fuzzCase, await send(route, fuzzCase), options);
        if (problem !== null) throw new Error(`${problem}\n        request: ${fuzzCase.shown}\n        replay: FUZZ_SEED=${seed}`);
      }),
      { seed: runSeed, numRuns: runsPerRoute, endOnFailure: true, plugins: [fc.interruptAfterTimeLimit(timeShare())] },
    );
  }

  operations.forEach((op, index) => {
    it(`${op.method} ${op.path}`, async () => {
      await fuzz(`${op.method} ${op.path}`, caseArbitrary(op, ctx), seed + index);
    });
  });

  it('the transport: unknown methods, odd paths and headers on every route, without and with keys', async () => {
    const paths = [...new Set(operations.map((op) => op.path)), '/', '/console', '/assets/app.js', '/build/app-ABCDEFGH.js', '/nowhere'];
    const arbitrary = fc
      .record({
        method: fc.constantFrom(
          'GET',
          'HEAD',
          'POST',
          'PUT',
          'PATCH',
          'DELETE',
          'OPTIONS',
          'TRACE',
          'PROPFIND',
          'MKCOL',
          'LOCK',
          'SEARCH',
          'PURGE',
        ),
        path: fc.constantFrom(...paths),
        segment: fc.option(hostileWireValue(), { freq: 2 }),
        suffix: fc.constantFrom('', '/', '//', '/..', '/%2e%2e', '/x', '?', '?a=%00', '#frag'),
        key: fc.option(fc.constantFrom(...Object.values(ctx.keys)), { freq: 2 }),
        header: fc.option(
          fc.record({
            name: fc.constantFrom('content-type', 'content-encoding', 'x-request-id', 'x-actor', 'accept', 'authorization'),
            value: hostileString({ maxLength: 200 }).map((v) => v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?')),
          }),
        ),
        body: fc.option(fc.constantFrom('{}', '{"a":', 'x'.repeat(300_000), '[[[[[[[[', '{"q":"\\u0000"}')),
      })
      .map(({ method, path, segment, suffix, key, header, body }): FuzzCase => {
        const filled = path.replace(/\{[^}]+\}/g, () => (segment === null ? 'shoe-1' : encodeWire(segment)));
        const headers: Record<string, string> = {
          ...(key === null ? {} : { authorization: `Bearer ${key}` }),
          ...(body === null ? {} : { 'content-type': 'application/json' }),
          ...(header === null ? {} : { [header.name]: header.value }),
        };
        const sent = method === 'GET' || method === 'HEAD' ? undefined : body === null ? undefined : Buffer.from(body);
        const target = filled + suffix;
        return {
          method,
          path: target,
          headers,
          body: sent,
          shown: `${method} ${target.slice(0, 300)} ${JSON.stringify(headers).slice(0, 300)}`,
        };
      });
    await fuzz('transport', arbitrary, seed - 1, { allowNotImplemented: true });
  });
});
