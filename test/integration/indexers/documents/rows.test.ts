import assert from 'node:assert/strict';
import { loadProductPage, loadProductRows } from '../../../../indexers/documents/rows';
import { loadProductVersionPage } from '../../../../indexers/documents/versions';
import { createTestEnvironment, type TestEnvironment } from '../../../support/environment';
import { addProducts, createCatalog, productRow } from '../support/catalog';

/**
 * The row a document is built from, read as node-postgres returns it: text
 * arrays travel as JSON (faster to parse), and must come back exactly as the
 * arrays Postgres holds, whatever their elements.
 */
describe('product rows for documents (real Postgres)', () => {
  let env: TestEnvironment;
  before(async () => {
    env = await createTestEnvironment();
    await createCatalog(env.db, 3);
  });
  after(async () => {
    await env?.cleanup();
  });

  it('reads text arrays with any elements, NULLs and empty arrays as they are stored', async () => {
    const odd = ['a"b', 'c\\d', 'e,f', '{g}', 'NULL', '', ' spaced ', '茶壶', 'line\nbreak', 'é'];
    await env.db.raw(
      `insert into product_recommendations (product_id, also_bought, "similar", bought_together, viewed_indicators, carted_indicators, ease_items, ease_weights)
       values ('p-00000', ?::text[], array[null, 'x']::text[], '{}'::text[], ?::text[], '{}'::text[], array['p-00001']::text[], array[0.25, 1e-7]::real[])`,
      [odd, odd.slice(0, 3)],
    );
    await env.db('categories').where({ id: 'cookware' }).update({ name_en: 'Pots, "pans" & {lids} \\ more', name_zh: null });

    const [row] = await loadProductRows(env.db, ['p-00000']);
    assert.ok(row);
    assert.deepEqual(row.also_bought, odd);
    assert.deepEqual(row.similar, [null, 'x']);
    assert.deepEqual(row.bought_together, []);
    assert.deepEqual(row.viewed_indicators, odd.slice(0, 3));
    assert.deepEqual(row.ease_items, ['p-00001']);
    assert.deepEqual(row.ease_weights, [0.25, 1e-7], 'float arrays keep their values');
    // A product with no recommendation row has none of the lists.
    const page = await loadProductPage(env.db, null, 10);
    const other = page.find((r) => r.id === 'p-00001');
    assert.equal(other?.also_bought, null);
    const cookware = page.find((r) => r.category_id === 'cookware');
    assert.ok(cookware);
    assert.ok(cookware.category_names_en?.includes('Pots, "pans" & {lids} \\ more'), JSON.stringify(cookware.category_names_en));
    assert.deepEqual(cookware.category_names_zh, ['家居', '厨房'], 'a NULL Chinese name is left out by the query');
    assert.ok(Array.isArray(cookware.category_path) && cookware.category_path.includes('cookware'));
  });

  it('pages ids and versions in the keyset order of full rows, without deleted products', async () => {
    await addProducts(env.db, 6, 'q');
    // Not an id the API accepts, but one a SQL import could write: the page is read another way, with the same result.
    await env.db('products').insert(productRow('q-line\nbreak', 99));
    await env.db('products').where({ id: 'p-00001' }).update({ status: 'deleted' });
    await env.db('products').where({ id: 'p-00002' }).update({ title_en: 'renamed' });
    const expected = await env
      .db('products')
      .whereNot({ status: 'deleted' })
      .orderBy('id')
      .select<Array<{ id: string; version: string }>>('id', 'version');
    assert.equal(expected.length, 9, 'pages of 3');

    const ids: string[] = [];
    const versions: number[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      assert.ok(pages <= expected.length, 'paging ends');
      const page = await loadProductVersionPage(env.db, after, 3);
      assert.equal(page.ids.length, page.versions.length);
      if (page.ids.length === 0) break;
      ids.push(...page.ids);
      versions.push(...page.versions);
      after = page.ids.at(-1)!;
    }
    assert.deepEqual(
      ids,
      expected.map((p) => p.id),
    );
    assert.deepEqual(
      versions,
      expected.map((p) => Number(p.version)),
      'versions as numbers, current ones',
    );
    assert.ok(!ids.includes('p-00001'));
    assert.ok(ids.includes('q-line\nbreak'));
    await env.db('products').where({ id: 'q-line\nbreak' }).delete();
    const split = await loadProductVersionPage(env.db, null, 100);
    assert.deepEqual(
      split.ids,
      ids.filter((id) => id !== 'q-line\nbreak'),
      'ids joined and split: the same page',
    );
    assert.deepEqual(
      split.versions,
      versions.filter((_, i) => ids[i] !== 'q-line\nbreak'),
    );
    assert.deepEqual(
      (await loadProductPage(env.db, null, 100)).map((r) => r.id),
      split.ids,
      'the same pages as the full rows',
    );
  });
});
