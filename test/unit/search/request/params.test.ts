import assert from 'node:assert/strict';
import { AppError } from '../../../../src/core/errors';
import { encodeCursor } from '../../../../src/search/body/sort';
import { parseSearchRequest } from '../../../../src/search/request/params';

function rejects(query: Record<string, string | string[]>, field: string): void {
  assert.throws(
    () => parseSearchRequest(query),
    (error: unknown) => error instanceof AppError && error.status === 400 && error.field === field,
    `${JSON.stringify(query)} → ${field}`,
  );
}

describe('parseSearchRequest', () => {
  it('defaults: relevance with a query, best-selling when browsing, page 1 of 20', () => {
    const withQ = parseSearchRequest({ q: ' running shoes ' });
    assert.equal(withQ.q, 'running shoes');
    assert.equal(withQ.sort, 'relevance');
    assert.equal(withQ.page, 1);
    assert.equal(withQ.size, 20);
    assert.equal(parseSearchRequest({ category: 'shoes' }).sort, 'best_selling');
    assert.equal(parseSearchRequest({ q: '   ' }).q, null);
  });

  it('reads lists from repetition and commas, and attributes from attr.<key>', () => {
    const request = parseSearchRequest({
      brand: ['nike', 'adidas,puma'],
      'attr.colour': 'red,blue',
      'attr.size': '42',
      in_stock: 'true',
      facets: 'brand,price',
    });
    assert.deepEqual(request.filters.brandIds, ['nike', 'adidas', 'puma']);
    assert.deepEqual(request.filters.attributes, { colour: ['red', 'blue'], size: ['42'] });
    assert.equal(request.filters.inStock, true);
    assert.deepEqual(request.facets, ['brand', 'price']);
  });

  it('names the field of every bad parameter', () => {
    rejects({ size: '101' }, 'size');
    rejects({ size: 'ten' }, 'size');
    rejects({ page: '0' }, 'page');
    rejects({ page: '60', size: '20' }, 'page');
    rejects({ sort: 'cheapest' }, 'sort');
    rejects({ facets: 'colour' }, 'facets');
    rejects({ price_min: '10', price_max: '5' }, 'price_min');
    rejects({ price_min: '1e9999' }, 'price_min');
    rejects({ rating_min: '6' }, 'rating_min');
    rejects({ in_stock: 'yes' }, 'in_stock');
    rejects({ q: 'x'.repeat(201) }, 'q');
    rejects({ q: ['a', 'b'] }, 'q');
    rejects({ debug: 'true' }, 'debug');
    rejects({ 'attr.Colour!': 'red' }, 'attr.Colour!');
    rejects({ brand: 'a"b' }, 'brand');
    rejects({ cursor: 'abc', page: '2' }, 'cursor');
    rejects({ cursor: '{"query":1}' }, 'cursor');
  });

  it('names, of several bad parameters, the one it named before the facet registry', () => {
    // A bad attr.<key> where the parameter loop meets it, before the paging parameters.
    rejects({ 'attr.Bad': 'x', size: '500' }, 'attr.Bad');
    rejects({ size: '500', 'attr.Bad': 'x' }, 'attr.Bad');
    rejects({ debug: '1', 'attr.Bad': 'x' }, 'debug');
    rejects({ 'attr.Bad': 'x', debug: '1' }, 'attr.Bad');
    // The price bounds before the id lists and the rating; a repeated single value before a bad list value.
    rejects({ category: 'bad id!', price_min: 'x' }, 'price_min');
    rejects({ category: 'bad id!', rating_min: '9' }, 'category');
    rejects({ category: 'bad id!', rating_min: ['1', '2'] }, 'rating_min');
    rejects({ merchant: 'a"b', in_stock: 'yes' }, 'merchant');
    rejects({ price_min: 'x', in_stock: ['true', 'false'] }, 'price_min');
    rejects({ rating_min: '9', facets: 'colour' }, 'rating_min');
  });

  it('corrects a query that finds nothing unless correct=false asks for the words as typed', () => {
    assert.equal(parseSearchRequest({ q: 'shooz' }).correct, true);
    assert.equal(parseSearchRequest({ q: 'shooz', correct: 'false' }).correct, false);
    assert.equal(parseSearchRequest({ q: 'shooz', correct: '0' }).correct, false);
    assert.equal(parseSearchRequest({ q: 'shooz', correct: 'true' }).correct, true);
    rejects({ q: 'shooz', correct: 'no' }, 'correct');
    rejects({ q: 'shooz', correct: ['true', 'false'] }, 'correct');
  });

  it('lets a cursor reach past the page-depth cap', () => {
    // A cursor of the default browse sort (best_selling: popularity, _score, id), as a previous page would have given.
    const cursor = encodeCursor('best_selling', [41, 1.25, 'audio-2']);
    const request = parseSearchRequest({ cursor, size: '50' });
    assert.equal(request.cursor, cursor);
  });
});
