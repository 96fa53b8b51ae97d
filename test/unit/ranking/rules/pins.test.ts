import assert from 'node:assert/strict';
import { mergePinned, organicWindow } from '../../../../ranking/rules/pins';

/** Organic results o0, o1, …; pins named p@position. */
function page(pins: Array<[string, number]>, eligible: string[], organicTotal: number, offset: number, size: number): string[] {
  const window = organicWindow(
    pins.map(([productId, position]) => ({ productId, position })),
    offset,
    size,
  );
  const organic = Array.from({ length: Math.max(0, Math.min(window.size, organicTotal - window.from)) }, (_, i) => `o${window.from + i}`);
  const found = pins.filter(([id]) => eligible.includes(id)).map(([id, position]) => ({ position, item: id }));
  return mergePinned({ pins: found, organic, organicFrom: window.from, organicTotal, offset, size }).map((s) => s.item);
}

describe('pinning', () => {
  it('places pins at their positions on every page, without losing or repeating organic results', () => {
    const pins: Array<[string, number]> = [
      ['a', 1],
      ['b', 3],
      ['c', 6],
    ];
    const all = ['a', 'o0', 'b', 'o1', 'o2', 'c', 'o3', 'o4', 'o5', 'o6'];
    for (const size of [1, 2, 3, 4, 10]) {
      const pages: string[] = [];
      for (let offset = 0; offset < all.length; offset += size) pages.push(...page(pins, ['a', 'b', 'c'], 7, offset, size));
      assert.deepEqual(pages, all, `size ${size}`);
    }
  });

  it('closes the gap a filtered-out pin leaves', () => {
    assert.deepEqual(
      page(
        [
          ['a', 1],
          ['b', 3],
        ],
        ['b'],
        5,
        0,
        4,
      ),
      ['o0', 'o1', 'b', 'o2'],
    );
    assert.deepEqual(
      page(
        [
          ['a', 1],
          ['b', 3],
        ],
        ['b'],
        5,
        4,
        4,
      ),
      ['o3', 'o4'],
    );
  });

  it('puts pins beyond the organic results right after them', () => {
    assert.deepEqual(
      page(
        [
          ['a', 2],
          ['b', 10],
        ],
        ['a', 'b'],
        2,
        0,
        20,
      ),
      ['o0', 'a', 'o1', 'b'],
    );
    assert.deepEqual(page([['a', 1]], ['a'], 0, 0, 20), ['a']);
  });

  it('asks for just enough organic results', () => {
    assert.deepEqual(
      organicWindow(
        [
          { productId: 'a', position: 1 },
          { productId: 'b', position: 30 },
        ],
        20,
        10,
      ),
      { from: 19, size: 11 },
    );
    assert.deepEqual(organicWindow([{ productId: 'a', position: 5 }], 0, 10), { from: 0, size: 10 });
  });
});
