import assert from 'node:assert/strict';
import { trendingScores } from '../../../../ranking/cf/trending';
import { anchoredTrending } from '../../../../jobs/recommendations/anchored-trending';

const DAY = 86_400_000;

describe('anchoredTrending', () => {
  const now = Date.UTC(2026, 10, 24);
  const epochMs = Date.UTC(2020, 0, 1);
  const halfLifeMs = 7 * DAY;
  const events = {
    items: Int32Array.of(0, 0, 1, 2),
    at: Float64Array.of(now, now - 7 * DAY, now - 14 * DAY, now - DAY),
    weights: Float32Array.of(1, 2, 5, 1),
  };

  it('orders products as trendingScores does, in log2 units shifted to the epoch', () => {
    const anchored = anchoredTrending(events, 4, { now, halfLifeMs, epochMs });
    const reference = trendingScores(
      [0, 0, 1, 2].map((item, k) => ({ itemId: String(item), categoryId: null, at: events.at[k]!, weight: events.weights[k]! })),
      { now, halfLifeMs },
    );
    const shift = (now - epochMs) / halfLifeMs;
    for (const { itemId, score } of reference.global)
      assert.ok(Math.abs(anchored[Number(itemId)]! - (Math.log2(score) + shift)) < 1e-9, itemId);
    assert.ok(Number.isNaN(anchored[3]!), 'no events: no score');
  });

  it('does not change when only time passes', () => {
    const today = anchoredTrending(events, 4, { now, halfLifeMs, epochMs });
    const later = anchoredTrending(events, 4, { now: now + 30 * DAY, halfLifeMs, epochMs });
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(today[i]! - later[i]!) < 1e-9);
  });
});
