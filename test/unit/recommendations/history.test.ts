import assert from 'node:assert/strict';
import { historyFromEvents, historySize } from '../../../src/recommendations/history';

describe('historyFromEvents', () => {
  it('lists distinct products per kind, most recent first', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute));
    const history = historyFromEvents([
      { kind: 'viewed', productId: 'a', at: at(1) },
      { kind: 'viewed', productId: 'b', at: at(3) },
      { kind: 'viewed', productId: 'a', at: at(5) },
      { kind: 'carted', productId: 'a', at: at(2) },
      { kind: 'purchased', productId: 'c', at: at(0) },
    ]);
    assert.deepEqual(history, { purchased: ['c'], carted: ['a'], viewed: ['a', 'b'] });
    assert.equal(historySize(history), 4);
  });
});
