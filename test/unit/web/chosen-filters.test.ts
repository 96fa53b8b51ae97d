import assert from 'node:assert/strict';
import { chosenFilters } from '../../../src/web/public/assets/chosen-filters.js';
import { readLocation, searchUrl, type SearchState } from '../../../src/web/public/assets/state.js';

function searchAt(url: string): SearchState {
  const route = readLocation(url);
  assert.equal(route.view, 'search', url);
  return (route as { search: SearchState }).search;
}

/** Each chip's text and the URL its click leads to. */
const chips = (url: string, answer = {}) => chosenFilters(searchAt(url), answer).map((c) => [c.text, searchUrl(c.next)]);

describe('chosen filters (the chips above the results)', () => {
  it('names each chosen filter from the answer, and removes only it', () => {
    const facets = {
      brand: [{ value: 'nimbus', label: 'Nimbus', count: 2 }],
      attributes: { colour: [{ value: 'red', label: 'red', count: 1 }] },
      merchant: [{ value: 'm-run', label: 'RunFast Store', count: 3 }],
    };
    assert.deepEqual(chips('?q=shoes&brand=nimbus,stride&attr.colour=red&merchant=m-run&rating_min=4&in_stock=true', { facets }), [
      ['Brand: Nimbus', '/?q=shoes&brand=stride&merchant=m-run&attr.colour=red&rating_min=4&in_stock=true'],
      // Not in the answer: the value itself, capitalised like the rest.
      ['Brand: Stride', '/?q=shoes&brand=nimbus&merchant=m-run&attr.colour=red&rating_min=4&in_stock=true'],
      ['Rating: 4+ stars', '/?q=shoes&brand=nimbus,stride&merchant=m-run&attr.colour=red&in_stock=true'],
      ['Colour: Red', '/?q=shoes&brand=nimbus,stride&merchant=m-run&rating_min=4&in_stock=true'],
      ['Seller: RunFast Store', '/?q=shoes&brand=nimbus,stride&attr.colour=red&rating_min=4&in_stock=true'],
      ['In stock only', '/?q=shoes&brand=nimbus,stride&merchant=m-run&attr.colour=red&rating_min=4'],
    ]);
  });

  it('says a price range as a shopper reads it, whichever bounds it has', () => {
    assert.deepEqual(chips('?price_min=50&price_max=100'), [['Price: $50.00 – $100.00', '/']]);
    assert.deepEqual(chips('?price_max=25'), [['Price: Up to $25.00', '/']]);
    assert.deepEqual(chips('?price_min=1000'), [['Price: $1,000.00 and up', '/']]);
  });

  it('names a category by the answer’s category, else by what the page knows', () => {
    const category = {
      id: 'running-shoes',
      name: 'Running Shoes',
      path: [
        { id: 'fashion', name: 'Fashion' },
        { id: 'shoes', name: 'Shoes' },
        { id: 'running-shoes', name: 'Running Shoes' },
      ],
    };
    assert.deepEqual(chips('?category=running-shoes&sort=newest', { category }), [['Category: Running Shoes', '/?sort=newest']]);
    assert.deepEqual(chips('?category=garden-tools'), [['Category: Garden tools', '/']]);
    assert.deepEqual(chips('?q=shoes&sort=newest'), []);
  });
});
