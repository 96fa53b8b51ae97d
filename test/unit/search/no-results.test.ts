import assert from 'node:assert/strict';
import type { estypes } from '@elastic/elasticsearch';
import { shapeNoResults, withoutEmptyFacets } from '../../../src/search/no-results';
import type { SearchFacets } from '../../../src/search/facets/registry';
import type { Tile } from '../../../src/search/shape-response';

describe('no-results page', () => {
  it('drops facets that count nothing and have nothing selected, attributes key by key', () => {
    const value = (count: number, selected = false) => ({ value: 'v', label: 'V', count, selected });
    const facets = {
      brand: [],
      rating: [value(0), value(0)],
      merchant: [value(0, true)],
      price: { min: null, max: null, ranges: [] },
      attributes: { colour: [value(0)], size: [value(2)] },
    } as unknown as SearchFacets;
    assert.deepEqual(withoutEmptyFacets(facets), { merchant: [value(0, true)], attributes: { size: [value(2)] } });
  });

  it('names each related category from its products and reads the trending tiles', () => {
    const categories = {
      aggregations: {
        categories: {
          buckets: [
            {
              key: 'boots',
              doc_count: 3,
              names: {
                hits: {
                  hits: [
                    { _source: { category: { ids: ['fashion', 'boots'], names_en: ['Fashion', 'Boots'], names_zh: ['时尚', '靴子'] } } },
                  ],
                },
              },
            },
          ],
        },
      },
    } as unknown as estypes.SearchResponse<unknown>;
    const trending = { hits: { hits: [] } } as unknown as estypes.SearchResponse<Tile>;
    assert.deepEqual(shapeNoResults(categories, trending), { categories: [{ id: 'boots', name: 'Boots', count: 3 }], trending: [] });
    assert.deepEqual(shapeNoResults(null, trending), { categories: [], trending: [] });
  });
});
