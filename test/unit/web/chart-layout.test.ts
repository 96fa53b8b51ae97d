import assert from 'node:assert/strict';
import { barLayout, truncate } from '../../../src/web/public/assets/chart-layout.js';

describe('console: bar chart layout', () => {
  it('lays out bars in proportion, the part inside its bar, labels shortened to fit', () => {
    const layout = barLayout(
      [
        { label: 'running shoes', value: 10, part: 5 },
        { label: 'a very long query that does not fit in the label column', value: 5, part: 0 },
      ],
      { width: 400, rowHeight: 20, gap: 10, valueWidth: 40 },
    );
    assert.equal(layout.labelWidth, 140);
    assert.equal(layout.height, 50);
    assert.deepEqual(
      layout.rows.map((r) => [r.y, r.barWidth, r.partWidth]),
      [
        [0, 220, 110],
        [30, 110, 0],
      ],
    );
    assert.ok(layout.rows[1]!.label.endsWith('…') && layout.rows[1]!.label.length <= 17);
    assert.equal(layout.rows[1]!.fullLabel, 'a very long query that does not fit in the label column');
    assert.equal(barLayout([]).height, 0);
    assert.equal(truncate('球鞋跑鞋', 3), '球鞋…');
  });
});
