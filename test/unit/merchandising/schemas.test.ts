import assert from 'node:assert/strict';
import { elasticsearchCost, merchandisingLimits, ruleInput, ruleUpdateInput } from '../../../src/merchandising/schemas';

const rule = (actions: unknown[]) => ({ name: 'r', actions });

describe('merchandising schemas: redirect and banner URLs', () => {
  it('accepts absolute http(s) URLs and storefront paths', () => {
    for (const url of ['/help/returns', '/', '/sale?x=1#top', 'https://shop.example/sale', 'http://shop.example'])
      assert.equal(ruleInput.safeParse(rule([{ type: 'redirect', url }])).success, true, url);
  });

  it('refuses paths a browser reads as another host, and other schemes', () => {
    for (const url of [
      '/\\evil.example',
      '/\\/evil.example',
      '//evil.example',
      '/\tevil',
      'javascript:alert(1)',
      'https:///evil.example',
      'https://\\evil.example',
      'https:\\\\evil.example',
      'help/returns',
    ]) {
      for (const action of [
        { type: 'redirect', url },
        { type: 'banner', banner: { title: 'b', linkUrl: url } },
        { type: 'banner', banner: { title: 'b', imageUrl: url } },
      ]) {
        const result = ruleInput.safeParse(rule([action]));
        assert.equal(result.success, false, `${action.type} ${url}`);
        assert.equal(result.error?.issues[0]?.path.at(-1), action.type === 'redirect' ? 'url' : Object.keys(action.banner!).at(-1));
      }
    }
  });
});

describe('merchandising schemas: what a rule sends Elasticsearch', () => {
  const boost = (values: number) => ({
    type: 'boost',
    filter: { attributes: { colour: Array.from({ length: values }, (_, i) => `c${i}`) } },
    weight: 2,
  });

  it('counts each filtering action, each value, each hidden or pinned id', () => {
    const parsed = ruleInput.parse(
      rule([
        boost(3),
        { type: 'bury', filter: { brandIds: ['a', 'b'], price: { min: 1 } }, weight: 0.5 },
        { type: 'hide', productIds: ['p1', 'p2'] },
        { type: 'pin', pins: [{ productId: 'p3', position: 1 }] },
        { type: 'redirect', url: '/x' },
      ]),
    );
    assert.equal(elasticsearchCost(parsed.actions), 4 + 4 + 2 + 1);
  });

  it('refuses a saved rule past the budget, naming actions, on create and update', () => {
    const max = merchandisingLimits.elasticsearchCostPerRule;
    // 10 boosts of 10 attributes × 20 values: each within every per-action limit, 2,010 terms together.
    const heavy = Array.from({ length: 10 }, () => ({
      type: 'boost',
      filter: {
        attributes: Object.fromEntries(Array.from({ length: 10 }, (_, a) => [`a${a}`, Array.from({ length: 20 }, (_, v) => `v${v}`)])),
      },
      weight: 2,
    }));
    for (const schema of [ruleInput, ruleUpdateInput]) {
      const result = schema.safeParse(rule(heavy));
      assert.equal(result.success, false);
      assert.deepEqual(result.error?.issues[0]?.path, ['actions']);
      assert.match(result.error!.issues[0]!.message, new RegExp(`at most ${max} terms.*2010 given`));
    }
    assert.equal(
      ruleInput.safeParse(rule([boost(20), { type: 'hide', productIds: Array.from({ length: 500 }, (_, i) => `p${i}`) }])).success,
      true,
    );
  });
});
