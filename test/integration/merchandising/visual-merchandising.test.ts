import assert from 'node:assert/strict';
import { startHarness, type MerchandisingHarness } from './support';

/**
 * What the console's visual merchandising needs from the API (issue 20):
 * products named with image, price, stock and merchant; previews that show
 * tiles, real live positions beyond the page shown, and warnings for pins
 * shoppers will not see as set; boosts and buries of named products.
 */
describe('visual merchandising API (real services)', function () {
  this.timeout(60_000);
  let h: MerchandisingHarness;

  before(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.reset();
  });
  after(async () => {
    await h?.close();
  });

  const preview = async (body: Record<string, unknown>) => {
    const response = await h.merch('POST', '/preview', body);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body;
  };

  it('GET /products names products in the order asked, hidden ones included, unknown ones left out', async () => {
    const response = await h.merch('GET', '/products?ids=shoe-3,nope,hidden-1');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const products = response.body.products as Array<Record<string, unknown>>;
    assert.deepEqual(
      products.map((p) => [p.id, p.status, p.stock]),
      [
        ['shoe-3', 'active', 0],
        ['hidden-1', 'hidden', 1],
      ],
    );
    assert.equal(typeof products[0]!.title, 'string');
    assert.equal(typeof products[0]!.price, 'number');
    assert.deepEqual(Object.keys(products[0]!.merchant as object).sort(), ['id', 'name', 'status']);
  });

  it('GET /products without ids or q, or with both, is a 400 naming ids', async () => {
    for (const query of ['', '?ids=shoe-1&q=shoe']) {
      const response = await h.merch('GET', `/products${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(response.body.error.field, 'ids', query);
    }
  });

  it('GET /products?q= finds products as the storefront would, for the product picker', async () => {
    const response = await h.merch('GET', '/products?q=marathon&size=3');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.products[0].id, 'shoe-3');
    assert.equal(response.body.products[0].inStock, false);
    assert.ok(response.body.products.length <= 3);
  });

  it('preview hits carry the tile: image, price, currency, stock and merchant', async () => {
    const { live, draft } = await preview({ q: 'running shoes' });
    for (const hit of [...live.hits, ...draft.hits]) {
      assert.equal(typeof hit.price, 'number', hit.id);
      assert.equal(typeof hit.currency, 'string', hit.id);
      assert.equal(typeof hit.inStock, 'boolean', hit.id);
      assert.ok('imageUrl' in hit, hit.id);
      assert.equal(typeof hit.merchant.name, 'string', hit.id);
    }
  });

  it('a product moved up from beyond the page shown gets its live position, not "new"', async () => {
    const full = await preview({ q: 'running shoes' });
    const last = full.live.hits.at(-1);
    assert.ok(last.position >= 3, 'the fixture ranks several products for the query');
    const { live, draft } = await preview({
      q: 'running shoes',
      params: { size: '1' },
      draftRules: [{ name: 'Pin the last', actions: [{ type: 'pin', pins: [{ productId: last.id, position: 1 }] }] }],
    });
    assert.equal(live.hits.length, 1, 'live shows the page asked for');
    assert.equal(draft.hits[0].id, last.id);
    assert.equal(draft.hits[0].livePosition, last.position);
    assert.equal(draft.hits[0].change, last.position - 1);
  });

  it('warns when a pinned product is out of stock, hidden in the catalogue, hidden by a rule or filtered out', async () => {
    const { warnings } = await preview({
      q: 'running shoes',
      params: { in_stock: 'true' },
      draftRules: [
        {
          name: 'Troubled pins',
          actions: [
            {
              type: 'pin',
              pins: [
                { productId: 'shoe-3', position: 1 },
                { productId: 'hidden-1', position: 2 },
                { productId: 'shoe-4', position: 3 },
              ],
            },
            { type: 'hide', productIds: ['shoe-4'] },
          ],
        },
      ],
    });
    const kinds = (warnings as Array<{ productId: string; kind: string; message: string }>).map((w) => `${w.productId} ${w.kind}`);
    assert.deepEqual(kinds.sort(), ['hidden-1 hidden', 'shoe-3 filtered_out', 'shoe-3 out_of_stock', 'shoe-4 hidden_by_rule']);
    for (const w of warnings) assert.match(w.message, /“.+”/, 'the message names the product by its title');
  });

  it('no warnings for a pin that shows as set', async () => {
    const { warnings } = await preview({
      q: 'running shoes',
      draftRules: [{ name: 'Fine', actions: [{ type: 'pin', pins: [{ productId: 'shoe-4', position: 1 }] }] }],
    });
    assert.deepEqual(warnings, []);
  });

  it('boosts and buries named products (productIds), and refuses unknown ones naming the field', async () => {
    const live = (await preview({ q: 'running shoes' })).live.hits.map((x: { id: string }) => x.id);
    const last = live.at(-1);
    const first = live[0];
    const boosted = await preview({
      q: 'running shoes',
      draftRules: [{ name: 'Boost one', actions: [{ type: 'boost', filter: { productIds: [last] }, weight: 10 }] }],
    });
    assert.equal(boosted.draft.hits[0].id, last);
    const buried = await preview({
      q: 'running shoes',
      draftRules: [{ name: 'Bury one', actions: [{ type: 'bury', filter: { productIds: [first] }, weight: 0.99 }] }],
    });
    assert.equal(buried.draft.hits.at(-1).id, first);
    const unknown = await h.merch('POST', '/rules', {
      name: 'Boost a typo',
      actions: [{ type: 'boost', filter: { productIds: ['no-such-product'] }, weight: 1 }],
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error.field, 'actions[0].filter.productIds[0]');
  });

  it('an unnamed rule is refused in a merchandiser’s words', async () => {
    const response = await h.merch('POST', '/rules', { name: ' ', actions: [{ type: 'hide', productIds: ['shoe-1'] }] });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.field, 'name');
    assert.match(response.body.error.message, /Give the rule a name/);
  });
});
