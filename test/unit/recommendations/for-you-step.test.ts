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

/** An Elasticsearch stand-in: the indicator query (has `term` clauses) and the EASE query (constant_score by id) answer from fixed hits. */
function fakeEs(answers: { llr: Array<{ id: string; score: number; matched: string[] }>; ease: string[] } | Error) {
  const bodies: unknown[] = [];
  const es = {
    async search(body: { query: { bool: { should: Array<Record<string, unknown>> } } }) {
      bodies.push(body);
      if (answers instanceof Error) throw answers;
      const isEase = 'constant_score' in body.query.bool.should[0]!;
      const hits = isEase
        ? answers.ease.map((id) => ({ _id: id, _score: 1, _source: doc(id) }))
        : answers.llr.map(({ id, score, matched }) => ({ _id: id, _score: score, _source: doc(id), matched_queries: matched }));
      return { hits: { hits } };
    },
  };
  return { es: es as unknown as ElasticsearchClient, bodies };
}

describe('"for you" step', () => {
  const history: ShopperHistory = { purchased: ['phone'], carted: [], viewed: ['lamp'] };
  const clauses = historyClauses(history, defaultRecommendationSettings);
  const historyDocs = Promise.resolve({
    easeRows: new Map([
      ['phone', { items: ['charger', 'case'], weights: [0.04, 0.02] }],
      // Views do not feed EASE: this row must be ignored.
      ['lamp', { items: ['shade'], weights: [0.9] }],
    ]),
    titles: new Map([
      ['phone', 'Phone'],
      ['lamp', 'Lamp'],
    ]),
  });
  const options = { history, clauses, settings: defaultRecommendationSettings, historyDocs };

  it('fuses the indicator hits with the EASE candidates that passed the filters, each scaled by its best, with reasons', async () => {
    // Elasticsearch filtered the charger out of EASE's candidates (say, out of stock): only the case is back.
    const { es } = fakeEs({
      llr: [
        { id: 'case', score: 8, matched: ['purchased:phone'] },
        { id: 'shade', score: 4, matched: ['viewed:lamp'] },
      ],
      ease: ['case'],
    });
    const got = await forYouStep({ es, index: 'i', filters: noFilters }, options).fetch([], 10);
    // case: 8/8 + 0.25 × (0.02/0.02) = 1.25; shade: 4/8 = 0.5; the charger never came back.
    assert.deepEqual(
      got.map((c) => [c.doc.id, c.score, c.reason.text]),
      [
        ['case', 1.25, 'Because you bought Phone'],
        ['shade', 0.5, 'Because you viewed Lamp'],
      ],
    );
  });

  it('hands Elasticsearch only EASE candidates from purchases and carts, never excluded ones', async () => {
    const { es, bodies } = fakeEs({ llr: [], ease: ['case'] });
    await forYouStep({ es, index: 'i', filters: noFilters }, options).fetch(['charger'], 10);
    const easeQuery = bodies.find((b) => JSON.stringify(b).includes('constant_score')) as {
      query: { bool: { should: Array<{ constant_score: { filter: { term: { id: string } } } }> } };
    };
    assert.deepEqual(
      easeQuery.query.bool.should.map((clause) => clause.constant_score.filter.term.id),
      ['case'],
    );
  });

  it('rejects once, leaving no request unobserved, when Elasticsearch fails', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { es } = fakeEs(new Error('es down'));
      await assert.rejects(forYouStep({ es, index: 'i', filters: noFilters }, options).fetch([], 10), /es down/);
      // The history mget failed too: the indicator search already under way must not be left dangling.
      const mgetFailed = Promise.reject(new Error('mget failed'));
      await assert.rejects(
        forYouStep({ es, index: 'i', filters: noFilters }, { ...options, historyDocs: mgetFailed }).fetch([], 10),
        /es down|mget failed/,
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
