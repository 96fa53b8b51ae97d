import assert from 'node:assert/strict';
import { facetNames, facetParameters } from '../../../src/search/facets/registry';
import { parseSearchRequest } from '../../../src/search/request/params';
import {
  emptySearch,
  filterValue,
  hasFilters,
  maxPages,
  pageSize,
  readLocation,
  searchParams,
  searchUrl,
  withFilter,
  type SearchState,
} from '../../../src/web/public/assets/state.js';

/** The query string api.js's toQuery sends for a state's /v1/search parameters: empty values left out, lists comma-joined. */
function sent(params: Record<string, unknown>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) query[name] = value.join(',');
    } else query[name] = String(value);
  }
  return query;
}

function searchAt(url: string): SearchState {
  const route = readLocation(url);
  assert.equal(route.view, 'search', url);
  return (route as { search: SearchState }).search;
}

describe('storefront: page state (state.js)', () => {
  // Every facet parameter of the registry: a new facet is covered here without a line of its own.
  for (const parameter of facetParameters) {
    const name = parameter.name.replace('{key}', 'colour');
    const url = `/?${name}=${encodeURIComponent(parameter.example).replace(/%2C/g, ',')}`;

    it(`keeps ${name} through URL → state → URL and /v1/search parameters`, () => {
      const search = searchAt(url.slice(1));
      assert.notDeepEqual(search, { ...emptySearch }, `${url} selects something`);
      assert.equal(hasFilters(search), true, `hasFilters sees ${name}`);
      assert.equal(searchUrl(search), url);
      assert.deepEqual(searchAt(searchUrl(search).slice(1)), search);
      // The API reads the same selection from the page's request as from the URL.
      const fromPage = parseSearchRequest(sent(searchParams(search, {}))).filters;
      assert.deepEqual(fromPage, parseSearchRequest({ [name]: parameter.example }).filters);
      assert.notDeepEqual(fromPage, parseSearchRequest({}).filters);
      // facets.js reads and sets the parameter through filterValue and withFilter.
      const value = filterValue(search, name);
      assert.ok(typeof value === 'string' || Array.isArray(value), `filterValue(${name}) is ${String(value)}`);
      assert.deepEqual(withFilter({ ...emptySearch }, name, value), search);
    });
  }

  it('has no filters when empty, and links to the bare page', () => {
    assert.equal(hasFilters({ ...emptySearch }), false);
    assert.equal(searchUrl({ ...emptySearch }), '/');
    assert.deepEqual(searchAt(''), { ...emptySearch });
  });

  it('writes URLs and requests as it always has', () => {
    const url =
      '/?q=running+shoes&category=shoes,running-shoes&brand=nimbus,stride&merchant=m-run&attr.colour=red,blue&attr.size=42' +
      '&price_min=10&price_max=100&rating_min=4&in_stock=true&sort=price_asc';
    const search = searchAt(
      '?q=running+shoes&attr.size=42&category=shoes,running-shoes&brand=nimbus,stride&merchant=m-run&attr.colour=red,blue&price_min=10&price_max=100&rating_min=4&in_stock=true&sort=price_asc',
    );
    assert.deepEqual(search, {
      ...emptySearch,
      q: 'running shoes',
      category: ['shoes', 'running-shoes'],
      brand: ['nimbus', 'stride'],
      merchant: ['m-run'],
      attrs: { size: ['42'], colour: ['red', 'blue'] },
      priceMin: '10',
      priceMax: '100',
      ratingMin: '4',
      inStock: true,
      sort: 'price_asc',
    });
    assert.equal(searchUrl(search), url);
    // The category trail is kept in the URL; the API filters on the category viewed, the last. (Empty values are not sent.)
    const params = Object.entries(searchParams(search, { session: 's-1' }, 'abc'));
    assert.deepEqual(
      params.filter(([, value]) => value !== '' && !(Array.isArray(value) && value.length === 0)),
      [
        ['q', 'running shoes'],
        ['category', 'running-shoes'],
        ['brand', ['nimbus', 'stride']],
        ['merchant', ['m-run']],
        ['attr.size', ['42']],
        ['attr.colour', ['red', 'blue']],
        ['price_min', '10'],
        ['price_max', '100'],
        ['rating_min', '4'],
        ['in_stock', 'true'],
        ['sort', 'price_asc'],
        ['facets', facetNames],
        ['facet_size', 10],
        ['size', 24],
        ['cursor', 'abc'],
        ['session', 's-1'],
      ],
    );
    assert.deepEqual(searchAt('?attr.=x&attr.colour=&brand=,a,, b&price_min='), { ...emptySearch, brand: ['a', 'b'] });
  });

  it('keeps "search instead for the words as typed" (correct=false) in the URL and asks the API for it', () => {
    const search = searchAt('?q=shooz&correct=false');
    assert.equal(search.correct, false);
    assert.equal(hasFilters(search), false);
    assert.equal(searchUrl(search), '/?q=shooz&correct=false');
    assert.equal(parseSearchRequest(sent(searchParams(search, {}))).correct, false);
    // By default the API may correct: nothing in the URL, nothing sent.
    const byDefault = searchAt('?q=shooz');
    assert.equal(byDefault.correct, true);
    assert.equal(searchUrl(byDefault), '/?q=shooz');
    assert.equal('correct' in sent(searchParams(byDefault, {})), false);
    assert.equal(searchAt('?q=shooz&correct=true').correct, true);
  });

  it('drops an attribute key whose last value is unticked', () => {
    const search = searchAt('?attr.colour=red&attr.size=42');
    assert.deepEqual(filterValue(search, 'attr.material'), []);
    assert.deepEqual(withFilter(search, 'attr.colour', []), { ...search, attrs: { size: ['42'] } });
    assert.throws(() => filterValue(search, 'not_a_filter'), /No facet parameter not_a_filter/);
  });

  it('keeps the pages shown ("Load more") in the URL, within what the API serves by page number', () => {
    const search = searchAt('?q=shoes&page=3');
    assert.equal(search.page, 3);
    assert.equal(searchUrl(search), '/?q=shoes&page=3');
    assert.equal(searchUrl({ ...search, page: 1 }), '/?q=shoes');
    assert.equal(searchAt('?q=shoes&page=0').page, 1);
    assert.equal(searchAt('?q=shoes&page=2.5').page, 1);
    assert.equal(searchAt('?q=shoes&page=abc').page, 1);
    assert.equal(searchAt('?q=shoes&page=100000').page, maxPages);
    assert.ok(maxPages * pageSize <= 1000);
    // The first request is the first page; the caller fetches the others.
    assert.equal('page' in searchParams(search, {}), false);
  });
});
