import assert from 'node:assert/strict';
import { describeRest, locateField, pathCandidates } from '../../../src/web/public/assets/field-paths.js';

describe('console: API field paths to form inputs', () => {
  it('lists a path and every path enclosing it, nearest first', () => {
    assert.deepEqual(pathCandidates('actions[0].pins[1].productId'), [
      'actions[0].pins[1].productId',
      'actions[0].pins[1]',
      'actions[0].pins',
      'actions[0]',
      'actions',
    ]);
    assert.deepEqual(pathCandidates('name'), ['name']);
    assert.deepEqual(pathCandidates('draftWeights.categories.running-shoes'), [
      'draftWeights.categories.running-shoes',
      'draftWeights.categories',
      'draftWeights',
    ]);
  });

  it('names what lies below the input in words', () => {
    assert.equal(describeRest(''), null);
    assert.equal(describeRest('[2]'), 'item 3');
    assert.equal(describeRest('.colour'), 'colour');
    assert.equal(describeRest('[0].productId'), 'item 1, productId');
  });

  it('finds the nearest input the form has, or none', () => {
    const shown = new Set(['conditions.query.values', 'actions[0].pins[0].productId', 'actions[0]', 'name']);
    const has = (path: string) => shown.has(path);
    assert.deepEqual(locateField('actions[0].pins[0].productId', has), { path: 'actions[0].pins[0].productId', detail: null });
    assert.deepEqual(locateField('conditions.query.values[2]', has), { path: 'conditions.query.values', detail: 'item 3' });
    assert.deepEqual(locateField('actions[0].pins', has), { path: 'actions[0]', detail: 'pins' });
    assert.equal(locateField('colour', has), null, 'an unknown field belongs to the whole form');
    assert.equal(locateField(undefined, has), null);
    assert.equal(locateField('', has), null);
  });
});
