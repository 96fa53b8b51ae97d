import assert from 'node:assert/strict';
import { inputLimits, jsonProblem } from '../../../../src/core/json-problem';

/** JSON text of `depth` nested objects around 1, built without recursion (JSON.stringify would overflow first). */
function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

describe('the input guard', () => {
  it('names the field of a NUL or an unpaired surrogate anywhere in a body, keys included', () => {
    assert.deepEqual(jsonProblem({ name: 'a\u0000b' }), { field: 'name', message: 'Contains a NUL character (\\u0000).' });
    assert.equal(jsonProblem({ attributes: { colour: '\ud800' } })?.field, 'attributes.colour');
    assert.equal(jsonProblem({ items: [{ type: 'view' }, { type: 'x\udfff' }] })?.field, 'items[1].type');
    assert.equal(jsonProblem({ attributes: { 'col\u0000our': 'red' } })?.field, 'attributes.col\\u0000our');
    assert.equal(jsonProblem('\u0000')?.field, 'body');
  });

  it('reports the first problem in document order', () => {
    assert.equal(jsonProblem({ a: ['ok', 'x\u0000'], b: '\ud800' })?.field, 'a[1]');
  });

  it('lets every storable value through, however odd', () => {
    const odd = {
      text: '\ud83d\ude00 跑鞋 \u200b\ufeff\u202e',
      sql: "'; drop table products; --",
      lucene: 'price:[0 TO *] OR title:(a AND b)~2',
      numbers: [0, -0, 1e308, -1e-308, 2 ** 53 + 1],
      nothing: [null, true, false, {}, []],
    };
    assert.equal(jsonProblem(odd), null);
  });

  it(`refuses JSON nested deeper than ${inputLimits.maxDepth} levels, without recursing (the issue's 10,000 levels)`, () => {
    assert.equal(jsonProblem(JSON.parse(nested(inputLimits.maxDepth))), null);
    const deep = jsonProblem(JSON.parse(`{"actions":[{"type":"data","data":{"k":${nested(10_000)}}}]}`));
    assert.match(deep?.message ?? '', /Nested more than 32 levels/);
    assert.ok(deep?.field.startsWith('actions[0].data.k.a.a'), deep?.field);
    // A million levels: the guard's own stack stays flat.
    assert.ok(jsonProblem(JSON.parse('['.repeat(1_000_000) + ']'.repeat(1_000_000))));
  });
});
