import assert from 'node:assert/strict';
import { ids, startStorefront, type Storefront } from '../../support/storefront';

/**
 * Chinese retail compounds, traditional characters, the shipped dictionary
 * of equivalent product names and plurals, searched through the API on the
 * hand-made catalog plus a few products written the ways shoppers' and
 * merchants' text differs (issues 18 and 19).
 */
describe('Chinese compounds, traditional characters and equivalent names (real Elasticsearch)', function () {
  this.timeout(60_000);
  let shop: Storefront;
  const found = async (q: string) => {
    const response = await shop.search({ q });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return ids(response.body);
  };

  before(async () => {
    shop = await startStorefront();
    const base = { price: 60, stock: 10, rating: 4, reviewCount: 10 };
    const products: Array<[string, Record<string, unknown>]> = [
      ['zh-run-1', { merchantId: 'm-run', categoryId: 'running-shoes', titleEn: 'Stride Road Runner Men', titleZh: '男子轻量跑步鞋' }],
      ['zh-run-2', { merchantId: 'm-run', categoryId: 'running-shoes', titleEn: 'Stride Trail Runner Women', titleZh: '女子 跑步 鞋' }],
      ['zh-socks', { merchantId: 'm-run', categoryId: 'fashion', titleEn: 'Stride Crew Socks', titleZh: '跑步袜，适合任何鞋' }],
      [
        'tv-1',
        { merchantId: 'm-tech', categoryId: 'electronics', titleEn: 'Vista 55 Inch 4K Television', titleZh: 'Vista 55英寸4K液晶电视' },
      ],
      ['watch-1', { merchantId: 'm-tech', categoryId: 'electronics', titleEn: 'Pulse Smart Watch with Heart Rate' }],
      ['laptop-1', { merchantId: 'm-tech', categoryId: 'electronics', titleEn: 'Laptop 15 inch' }],
      ['battery-1', { merchantId: 'm-tech', categoryId: 'electronics', titleEn: 'Battery for laptops' }],
      ['zh-trad-1', { merchantId: 'm-tech', categoryId: 'audio', titleEn: 'Pulse In-Ear Buds', titleZh: '入耳式藍牙耳機' }],
    ];
    await shop.addProducts(Object.fromEntries(products.map(([id, product]) => [id, { ...base, ...product }])));
  });
  after(async () => {
    await shop?.close();
  });

  it('finds a retail compound written whole or in pieces side by side, not its pieces scattered', async () => {
    const hits = await found('跑步鞋');
    assert.ok(hits.includes('zh-run-1') && hits.includes('zh-run-2'), hits.join(', '));
    assert.ok(!hits.includes('zh-socks'), `running socks "for any shoe" are not running shoes: ${hits.join(', ')}`);
  });

  it('folds traditional characters to simplified on both sides', async () => {
    const traditionalQuery = await found('耳機');
    assert.ok(traditionalQuery.includes('audio-1'), `耳機 finds 无线降噪耳机: ${traditionalQuery.join(', ')}`);
    const traditionalTitle = await found('蓝牙耳机');
    assert.ok(traditionalTitle.includes('zh-trad-1'), `蓝牙耳机 finds 藍牙耳機: ${traditionalTitle.join(', ')}`);
  });

  it('finds a product under the other names of the shipped equivalents dictionary, English and Chinese', async () => {
    assert.ok((await found('tv')).includes('tv-1'), 'tv finds a television');
    assert.ok((await found('smartwatch')).includes('watch-1'), 'smartwatch finds a smart watch');
    const running = await found('跑步鞋');
    assert.ok(running.includes('shoe-1') && running.includes('shoe-2'), `跑步鞋 finds 跑鞋 and running shoes: ${running.join(', ')}`);
    const sports = await found('运动鞋');
    assert.ok(sports.includes('shoe-1') && sports.includes('zh-run-1'), `运动鞋 finds running shoes: ${sports.join(', ')}`);
    assert.ok((await found('trainers')).includes('shoe-1'), 'trainers finds running shoes');
  });

  it('finds a product titled in English from a Chinese colour word, below the one that says it in Chinese', async () => {
    // shoe-4 has only an English title ("... Red"); shoe-1 says 红色 in its Chinese title.
    const red = await found('红色');
    assert.ok(red.includes('shoe-4') && red.indexOf('shoe-1') < red.indexOf('shoe-4'), red.join(', '));
    const redShoes = await found('红色 跑鞋');
    assert.ok(redShoes.includes('shoe-4') && redShoes.includes('shoe-1') && !redShoes.includes('shoe-2'), redShoes.join(', '));
  });

  it('ranks the product named as the shopper typed above one found under another name', async () => {
    const hits = await found('跑步鞋');
    assert.ok(hits.indexOf('zh-run-1') < hits.indexOf('shoe-1'), hits.join(', '));
  });

  it('does not let an accessory win on the plural the shopper typed: both forms count the same', async () => {
    // Everything but the title is equal, and the titles use the singular and the plural: the plural typed must not
    // score the accessory's plural above the product's singular (which kind of product is asked for is another matter).
    for (const q of ['laptops', 'laptop']) {
      const response = await shop.search({ q });
      const score = (id: string) => (response.body.hits as Array<{ id: string; score: number }>).find((h) => h.id === id)?.score;
      const [product, accessory] = [score('laptop-1'), score('battery-1')];
      assert.ok(product !== undefined && accessory !== undefined && product >= accessory, `${q}: laptop ${product}, battery ${accessory}`);
    }
  });

  it('suggests products and categories for a Chinese prefix of a word inside the title', async () => {
    const response = await shop.api.request('GET', `/v1/suggest?q=${encodeURIComponent('跑')}`, { key: shop.publicKey });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const products = (response.body.products as Array<{ id: string }>).map((p) => p.id);
    assert.ok(products.includes('shoe-1') && products.includes('zh-run-1'), `跑 suggests 越野跑鞋 and 跑步鞋: ${products.join(', ')}`);
    assert.ok((response.body.categories as Array<{ id: string }>).some((c) => c.id === 'running-shoes'));
  });
});
