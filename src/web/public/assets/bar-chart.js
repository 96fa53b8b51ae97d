import { barLayout } from './chart-layout.js';
import { svg } from './svg.js';
import { uniqueId } from './dom.js';

/**
 * A horizontal bar chart drawn as inline SVG through DOM calls (no markup
 * strings, no library; colours come from the stylesheet). The chart is an
 * image with a title and description for screen readers; the table beside
 * it carries the same numbers for anyone who wants to read them.
 */

/**
 * @param items [{label, value, part?}]; `part` is drawn inside its bar (clicks within searches)
 * @param width px available: the chart is drawn at its real size so text stays legible on a phone
 */
export function barChart({ title, description, items, width }) {
  const layout = barLayout(items, { width });
  const id = uniqueId('chart');
  const rows = layout.rows.map((row) =>
    svg(
      'g',
      { class: 'bar-row', transform: `translate(0 ${row.y})` },
      svg(
        'text',
        { class: 'bar-label', x: layout.labelWidth - 8, y: layout.rowHeight / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle' },
        row.label,
        svg('title', {}, row.fullLabel),
      ),
      svg('rect', { class: 'bar', x: layout.barX, y: 0, width: Math.max(row.barWidth, 1), height: layout.rowHeight, rx: 3 }),
      row.partWidth > 0
        ? svg('rect', {
            class: 'bar-part',
            x: layout.barX,
            y: layout.rowHeight * 0.3,
            width: row.partWidth,
            height: layout.rowHeight * 0.4,
            rx: 2,
          })
        : '',
      svg(
        'text',
        { class: 'bar-value', x: layout.barX + row.barWidth + 6, y: layout.rowHeight / 2, 'dominant-baseline': 'middle' },
        String(row.value),
      ),
    ),
  );
  return svg(
    'svg',
    {
      class: 'bar-chart',
      role: 'img',
      width: layout.width,
      height: layout.height,
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      'aria-labelledby': `${id}-title ${id}-desc`,
    },
    svg('title', { id: `${id}-title` }, title),
    svg('desc', { id: `${id}-desc` }, description),
    ...rows,
  );
}
