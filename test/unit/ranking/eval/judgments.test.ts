import assert from 'node:assert/strict';
import { buildJudgments, gainOfGrade } from '../../../../ranking/eval/judgments';

describe('ranking/eval/judgments', () => {
  it('turns grades into exponential gains; grade 0 is judged but not relevant', () => {
    const set = buildJudgments(
      [
        { query: 'Running  shoes', productId: 'a', value: 3 },
        { query: 'running shoes', productId: 'b', value: 1 },
        { query: 'running shoes', productId: 'c', value: 0 },
        // Judged twice: the higher grade counts.
        { query: 'running shoes', productId: 'b', value: 2 },
      ],
      { kind: 'grade' },
    );
    assert.equal(set.queries.length, 1);
    const [q] = set.queries;
    assert.equal(q!.query, 'Running shoes');
    assert.deepEqual(
      [...q!.gains],
      [
        ['a', 7],
        ['b', 3],
        ['c', 0],
      ],
    );
    assert.deepEqual([...q!.relevant].sort(), ['a', 'b']);
    assert.equal(gainOfGrade(0), 0);
  });

  it('turns clicks into click shares, adds repeated rows and leaves out thin queries', () => {
    const set = buildJudgments(
      [
        { query: 'halo', productId: 'h1', value: 3 },
        { query: 'halo', productId: 'h2', value: 1 },
        { query: 'halo', productId: 'h1', value: 4 },
        { query: 'forza', productId: 'f1', value: 1 },
      ],
      { kind: 'clicks', minClicks: 2 },
    );
    assert.equal(set.queries.length, 1);
    assert.deepEqual(
      [...set.queries[0]!.gains],
      [
        ['h1', 7 / 8],
        ['h2', 1 / 8],
      ],
    );
    assert.equal(set.queries[0]!.clicks, 8);
    assert.equal(set.queriesBelowMinClicks, 1);
  });

  it('drops and counts rows whose product is not in the catalog', () => {
    const set = buildJudgments(
      [
        { query: 'tv', productId: 'in', value: 2 },
        { query: 'tv', productId: 'gone', value: 3 },
      ],
      { kind: 'grade', inCatalog: (id) => id === 'in' },
    );
    assert.equal(set.outOfCatalogRows, 1);
    assert.deepEqual([...set.queries[0]!.gains.keys()], ['in']);
  });
});
