import assert from 'node:assert/strict';
import { compareIds, diffSorted, type Drift, type IdVersion } from '../../../../indexers/reconcile/diff';

async function* stream(items: IdVersion[]): AsyncGenerator<IdVersion> {
  yield* items;
}

async function diff(postgres: IdVersion[], elasticsearch: IdVersion[]): Promise<Drift[]> {
  const out: Drift[] = [];
  for await (const drift of diffSorted(stream(postgres), stream(elasticsearch))) out.push(drift);
  return out;
}

describe('reconcile diff', () => {
  it('finds missing, extra, stale and ahead documents in one pass', async () => {
    assert.deepEqual(
      await diff(
        [
          { id: 'a', version: 1 },
          { id: 'b', version: 5 },
          { id: 'c', version: 3 },
          { id: 'e', version: 9 },
        ],
        [
          { id: 'b', version: 4 },
          { id: 'c', version: 3 },
          { id: 'd', version: 2 },
          { id: 'e', version: 10 },
        ],
      ),
      [
        { kind: 'missing', id: 'a', postgres: 1 },
        { kind: 'stale', id: 'b', postgres: 5, elasticsearch: 4 },
        { kind: 'extra', id: 'd', elasticsearch: 2 },
        { kind: 'ahead', id: 'e', postgres: 9, elasticsearch: 10 },
      ],
    );
  });

  it('handles one side running out first', async () => {
    assert.deepEqual(await diff([], [{ id: 'x', version: 1 }]), [{ kind: 'extra', id: 'x', elasticsearch: 1 }]);
    assert.deepEqual(await diff([{ id: 'x', version: 1 }], []), [{ kind: 'missing', id: 'x', postgres: 1 }]);
  });

  it('orders ids by UTF-8 bytes, as Postgres (collate "C") and Elasticsearch keywords do', () => {
    assert.ok(compareIds('B', 'a') < 0);
    // U+FF21 (full-width A) sorts before U+1F600 in UTF-8, but after it in UTF-16 code units.
    assert.ok(compareIds('\uFF21', '\u{1F600}') < 0);
    assert.ok('\uFF21' > '\u{1F600}');
  });
});

describe('reconcile diff cleanup', () => {
  it('closes both sources when one of them fails, so no cursor is left open', async () => {
    const closed: string[] = [];
    async function* source(name: string, fail: boolean): AsyncGenerator<IdVersion> {
      try {
        yield { id: 'a', version: 1 };
        if (fail) throw new Error(`${name} failed`);
        yield { id: 'b', version: 1 };
      } finally {
        closed.push(name);
      }
    }
    await assert.rejects(async () => {
      for await (const drift of diffSorted(source('postgres', false), source('elasticsearch', true))) void drift;
    }, /elasticsearch failed/);
    assert.deepEqual(closed.sort(), ['elasticsearch', 'postgres']);
  });
});
