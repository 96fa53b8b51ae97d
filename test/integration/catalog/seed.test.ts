import assert from 'node:assert/strict';
import { seedDatabase, SeedRefusedError, type SeedSummary } from '../../../fixtures/generator/writer';
import { loadVocabulary } from '../../../fixtures/generator/vocabulary';
import { createWorld, type World } from '../../../fixtures/generator/world';
import { countRows, createTestSchema, silentProgress, type TestSchema } from './database';

// Tests fixtures/generator/writer.ts (the seed's I/O) against real Postgres.
describe('seeding a generated marketplace (real Postgres)', () => {
  let t: TestSchema;
  let world: World;
  let first: SeedSummary;
  const size = { products: 300, merchants: 10, customers: 150, orders: 1200, events: 3000, anonymousShare: 0.2 };
  const productsDigest = async () =>
    (
      await t.db.raw<{ rows: Array<{ digest: string }> }>(
        "select md5(string_agg(to_jsonb(p)::text, '|' order by id)) as digest from (select id, merchant_id, category_id, brand_id, title_en, title_zh, description_en, description_zh, attributes, price, stock, status, rating, review_count, created_at from products) p",
      )
    ).rows[0]?.digest;

  before(async () => {
    t = await createTestSchema();
    world = createWorld({ vocabulary: loadVocabulary(), size, seed: 11, now: new Date('2026-06-01T00:00:00Z') });
    first = await seedDatabase(t.db, world, { reset: false, progress: silentProgress, batchSize: 128 });
  });
  after(async () => {
    await t?.drop();
  });

  it('creates the schema objects in the test schema itself', async () => {
    const { rows } = await t.db.raw<{ rows: Array<{ seq: string | null; fn: string | null }> }>(
      "select to_regclass(? || '.product_version_seq')::text as seq, to_regprocedure(? || '.products_to_outbox()')::text as fn",
      [t.schema, t.schema],
    );
    assert.ok(rows[0]?.seq, 'product_version_seq lives in the test schema');
    assert.ok(rows[0]?.fn, 'trigger functions live in the test schema');
  });

  it('inserts every generated row', async () => {
    for (const [table, n] of Object.entries(first.rows)) assert.equal(await countRows(t.db, table), n, table);
    assert.equal(first.rows.products, 300);
    assert.equal(first.rows.customers, 150);
    assert.ok(first.rows.orders > 900 && first.rows.events > 2000);
    assert.ok(first.peakRssBytes > 0);
  });

  it('lets the triggers build category paths and queue every product for indexing', async () => {
    const shoes = await t.db('categories').where({ id: 'running-shoes' }).first();
    assert.deepEqual(shoes.path, ['fashion', 'shoes', 'running-shoes']);
    assert.equal(shoes.depth, 2);
    assert.ok(shoes.facet_attributes.includes('size'));
    const [{ notLeaf }] = (
      await t.db.raw('select count(*)::int as "notLeaf" from products p join categories c on c.id = p.category_id where c.depth <> 2')
    ).rows;
    assert.equal(notLeaf, 0);
    assert.equal(await countRows(t.db, 'search_outbox'), 300);
  });

  it('writes consistent orders and events', async () => {
    const q = async (sql: string) => Number((await t.db.raw<{ rows: Array<{ n: string }> }>(sql)).rows[0]?.n);
    assert.equal(
      await q(
        'select count(*) as n from orders o where abs(o.total - (select sum(quantity * unit_price) from order_items i where i.order_id = o.id)) > 0.01',
      ),
      0,
    );
    assert.equal(await q('select count(*) as n from orders o where not exists (select 1 from order_items i where i.order_id = o.id)'), 0);
    assert.equal(await q('select count(*) as n from events e left join products p on p.id = e.product_id where p.id is null'), 0);
    assert.equal(
      await q(
        'select count(*) as n from events e left join customers c on c.id = e.customer_id where e.customer_id is not null and c.id is null',
      ),
      0,
    );
    assert.equal(
      await q(
        'select count(*) as n from order_items i join orders o on o.id = i.order_id join products p on p.id = i.product_id where p.created_at > o.placed_at',
      ),
      0,
    );
    assert.ok((await q('select count(*) as n from events where customer_id is null')) > 0);
  });

  it('refuses to seed a database that has products, changing nothing', async () => {
    await assert.rejects(seedDatabase(t.db, world, { reset: false, progress: silentProgress }), SeedRefusedError);
    assert.equal(await countRows(t.db, 'products'), 300);
    assert.equal(await countRows(t.db, 'orders'), first.rows.orders);
  });

  it('re-seeds with reset to exactly the same data, without duplicates, keeping admin keys', async () => {
    const before = await productsDigest();
    await t.db('product_recommendations').insert({ product_id: (await t.db('products').first('id')).id, also_bought: ['x'] });
    await t.db('api_keys').insert([
      { prefix: 'adm', hash: 'admin-hash', role: 'admin' },
      { prefix: 'mer', hash: 'merchant-hash', role: 'merchandiser', merchant_id: world.merchants[0]?.id },
    ]);
    const again = await seedDatabase(t.db, world, { reset: true, progress: silentProgress });
    assert.deepEqual(again.rows, first.rows);
    for (const [table, n] of Object.entries(first.rows)) assert.equal(await countRows(t.db, table), n, table);
    assert.equal(await productsDigest(), before);
    assert.deepEqual(
      (await t.db('api_keys').select('hash')).map((r) => r.hash),
      ['admin-hash'],
    );
    assert.equal(await countRows(t.db, 'product_recommendations'), 0, 'derived rows go with their products');
  });

  it('queues the removed products for deletion from the index before the new ones', async () => {
    // Two seeds of 300 products plus one delete per product at the reset (soft-deleted products queue a delete
    // too), plus one upsert for the recommendation row written straight into the table in the test before.
    assert.equal(await countRows(t.db, 'search_outbox'), 901);
    const deleted = await t.db('products').where({ status: 'deleted' }).count<Array<{ count: string }>>({ count: '*' });
    assert.equal(
      Number((await t.db('search_outbox').where({ op: 'delete' }).count<Array<{ count: string }>>({ count: '*' }))[0]?.count),
      300 + 2 * Number(deleted[0]?.count),
    );
    const [{ late }] = (
      await t.db.raw(
        "select count(*)::int as late from search_outbox d join search_outbox u on u.product_id = d.product_id and u.op = 'upsert' and u.id > d.id where d.op = 'delete' and u.version < d.version",
      )
    ).rows;
    assert.equal(late, 0, 'every re-created product has a version above its delete');
  });
});
