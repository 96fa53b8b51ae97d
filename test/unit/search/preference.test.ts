import assert from 'node:assert/strict';
import { searchPreference } from '../../../src/search/preference';

const listing = { q: 'lamp', filters: { inStock: false }, sort: 'relevance' } as unknown as Parameters<typeof searchPreference>[0];

describe('search preference (which shard copies a search reads)', () => {
  it('a session sticks to its copies; else a customer', () => {
    assert.equal(searchPreference({ ...listing, sessionId: 's-1', customerId: 'c-1' }), 'session:s-1');
    assert.equal(searchPreference({ ...listing, sessionId: null, customerId: 'c-1' }), 'customer:c-1');
  });

  it('without either, one listing (query, filters, sort) always reads the same copies, another listing may read others', () => {
    const anonymous = { ...listing, sessionId: null, customerId: null };
    const a = searchPreference(anonymous);
    assert.equal(searchPreference({ ...anonymous }), a);
    assert.match(a, /^listing:[A-Za-z0-9_-]{22}$/);
    assert.notEqual(searchPreference({ ...anonymous, q: 'lamps' }), a);
    assert.notEqual(searchPreference({ ...anonymous, sort: 'price_asc' } as typeof anonymous), a);
  });

  it('never starts with "_" (Elasticsearch reserves those preferences)', () => {
    assert.ok(!searchPreference({ ...listing, sessionId: '_local', customerId: null }).startsWith('_'));
  });
});
