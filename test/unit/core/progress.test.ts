import assert from 'node:assert/strict';
import { createProgress, formatCount, formatDuration, formatProgress } from '../../../src/core/progress';

describe('progress', () => {
  describe('formatProgress', () => {
    it('shows count, percent, rate, elapsed and ETA when the total is known', () => {
      assert.equal(
        formatProgress({ label: 'import', count: 2500, total: 10_000, elapsedMs: 5000, unit: 'rows' }),
        'import: 2,500/10,000 rows, 25.0%, 500 rows/s, elapsed 5.0s, eta 15.0s',
      );
    });

    it('leaves out percent and ETA without a total', () => {
      assert.equal(
        formatProgress({ label: 'seed', count: 1_234_567, elapsedMs: 61_000 }),
        'seed: 1,234,567 items, 20,239 items/s, elapsed 1m01s',
      );
    });

    it('does not promise an ETA before anything is done', () => {
      assert.equal(formatProgress({ label: 'x', count: 0, total: 10, elapsedMs: 0 }), 'x: 0/10 items, 0.0%, 0 items/s, elapsed 0ms');
    });

    it('closes with a summary line', () => {
      assert.equal(
        formatProgress({ label: 'x', count: 10, total: 10, elapsedMs: 2000, unit: 'lines' }, true),
        'x: 10/10 lines, 5 lines/s, done in 2.0s',
      );
    });
  });

  it('formats counts and durations', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(1000), '1,000');
    assert.equal(formatDuration(850), '850ms');
    assert.equal(formatDuration(12_345), '12.3s');
    assert.equal(formatDuration(245_000), '4m05s');
    assert.equal(formatDuration(3_725_000), '1h02m');
  });

  it('writes at most one line per interval, then a final line', () => {
    let clock = 0;
    const lines: string[] = [];
    const progress = createProgress({ label: 'x', write: (l) => lines.push(l), now: () => clock, intervalMs: 1000 });
    for (let i = 0; i < 100; i++) {
      clock += 25; // 2.5 s in total
      progress.tick();
    }
    assert.equal(lines.length, 2);
    const result = progress.done();
    assert.equal(result.count, 100);
    assert.equal(result.elapsedMs, 2500);
    assert.equal(lines.length, 3);
    assert.match(lines[2] as string, /done in 2\.5s$/);
  });
});
