import assert from 'node:assert/strict';
import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { historyClauses } from '../../../src/recommendations/bodies';
import type { ShopperHistory } from '../../../src/recommendations/history';
import type { RecommendationFilters } from '../../../src/recommendations/params';
import { defaultRecommendationSettings } from '../../../src/recommendations/settings';
import { forYouStep } from '../../../src/recommendations/sources';

const noFilters: RecommendationFilters = { categoryIds: [], brandIds: [], merchantIds: [], priceMin: null, priceMax: null, inStock: true };
const doc = (id: string) => ({
  id,
  title_en: id.toUpperCase(),
  title_zh: null,
  price: 1,
  currency: 'EUR',
  in_stock: true,
  rating: null,
  review_count: 0,
  image_url: null,
  brand: null,
  merchant: { id: 'm', name: 'M' },
  category: { id: 'c', ids: ['c'], names_en: ['C'], names_zh: [] },
});

/** An Elasticsearch stand-in: the candidates query (constant_score by id) answers with the ids in `passing` that it was asked for. */
function fakeEs(passing: string[] | Error) {
  const bodies: unknown[] = [];
  const es = {
    async search(body: { query: { bool: { should: Array<{ constant_score: { filter: { term: { id: string } } } }> } } }) {
      bodies.push(body);
      if (passing instanceof Error) throw passing;
      const asked = body.query.bool.should.map((clause) => clause.constant_score.filter.term.id);
      // Elasticsearch's own order (by rounded boost) is not trusted: hits come back reversed.
      const hits = asked
        .filter((id) => passing.includes(id))
        .reverse()
        .map((id) => ({ _id: id, _score: 1, _source: doc(id) }));
      return { hits: { hits } };
    },
  };
  return { es: es as unknown as ElasticsearchClient, bodies };
}

describe('"for you" step', () => {
  const history: ShopperHistory = { purchased: ['phone'], carted: [], viewed: ['lamp'] };
  // Both sides of the fusion, views weighing less than purchases: the rule is tested, whatever the defaults chosen on data.
  const settings = { ...defaultRecommendationSettings, easeWeight: 0.25, boosts: { purchased: 1, carted: 1, viewed: 0.6 } };
  const clauses = historyClauses(history, settings);
  const historyDocs = Promise.resolve({
    rows: new Map([
      [
        'phone',
        {
          ease: { items: ['charger', 'case'], weights: [0.04, 0.02] },
          llr: { bought: { items: ['case', 'shade'], weights: [8, 2] }, viewed: { items: ['tripod'], weights: [50] } },
        },
      ],
      // Views do not feed EASE, and a viewed product is read through its viewed row only.
      [
        'lamp',
        {
          ease: { items: ['shade'], weights: [0.9] },
          llr: { bought: { items: ['bulb'], weights: [99] }, viewed: { items: ['shade'], weights: [4] } },
        },
      ],
    ]),
    titles: new Map([
      ['phone', 'Phone'],
      ['lamp', 'Lamp'],
    ]),
  });
  const options = { clauses, settings, historyDocs };

  it('fuses LLR strengths and EASE weights in Agora, returns what passed the filters in the fused order, with reasons', async () => {
    // Elasticsearch filtered the charger out (say, out of stock).
    const { es } = fakeEs(['case', 'shade']);
    const got = await forYouStep({ es, index: 'i', filters: noFilters }, options).fetch([], 10);
    // LLR: case 1 × 8 = 8, shade 1 × 2 + 0.6 × 4 = 4.4 (best 8); EASE: charger 0.04, case 0.02 (best 0.04).
    // case: 8/8 + 0.25 × 0.02/0.04 = 1.125; shade: 4.4/8 = 0.55.
    assert.deepEqual(
      got.map((c) => [c.doc.id, c.score, c.reason.text]),
      [
        ['case', 1.125, 'Because you bought Phone'],
        ['shade', 0.55, 'Because you viewed Lamp'],
      ],
    );
  });

  it('hands Elasticsearch the best fused candidates, never excluded ones', async () => {
    const { es, bodies } = fakeEs([]);
    await forYouStep({ es, index: 'i', filters: noFilters }, options).fetch(['charger'], 10);
    const query = bodies[0] as { query: { bool: { should: Array<{ constant_score: { filter: { term: { id: string } } } }> } } };
    assert.deepEqual(
      query.query.bool.should.map((clause) => clause.constant_score.filter.term.id),
      ['case', 'shade'],
    );
  });

  it('rejects when Elasticsearch or the history mget fails', async () => {
    const { es } = fakeEs(new Error('es down'));
    await assert.rejects(forYouStep({ es, index: 'i', filters: noFilters }, options).fetch([], 10), /es down/);
    const mgetFailed = Promise.reject(new Error('mget failed'));
    await assert.rejects(
      forYouStep({ es, index: 'i', filters: noFilters }, { ...options, historyDocs: mgetFailed }).fetch([], 10),
      /mget failed/,
    );
  });
});
