import { svg } from './svg.js';
import { uniqueId, formatCount } from './dom.js';

/**
 * Search clicks by the clicked result's position: one column per band (1 to
 * 10, 11-20, 21+), its clicks above it. The same small inline SVG as the
 * searches-per-day chart (./console-day-chart.js): drawn at the width it has,
 * an image with a title and a description that carries every number,
 * including each band's click-through.
 */

const percent = (ctr) => `${(ctr * 100).toFixed(ctr < 0.1 && ctr > 0 ? 1 : 0)} %`;

/** @param bands [{positions: '1' | … | '11-20' | '21+', clicks, ctr}] */
export function positionChart({ bands, width }) {
  const height = 180;
  const top = 20;
  const bottom = 36;
  const left = 8;
  const plot = { width: width - left - 8, height: height - top - bottom };
  const max = Math.max(1, ...bands.map((b) => b.clicks));
  const slot = plot.width / bands.length;
  const barWidth = Math.max(4, Math.min(36, slot * 0.7));
  // On a phone a slot is narrower than "11-20": the wide bands then read by their upper end.
  const label = (band) => (slot >= 34 ? band : band.replace(/^\d+-/, '≤'));
  const id = uniqueId('positions');
  const y = (value) => top + plot.height - (value / max) * plot.height;
  const columns = bands.map((b, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    const middle = x + barWidth / 2;
    return svg(
      'g',
      { class: 'position' },
      svg('title', {}, `Position ${b.positions}: ${b.clicks} clicks, ${percent(b.ctr)} click-through`),
      svg('rect', { class: 'bar clicks', x, y: y(b.clicks), width: barWidth, height: top + plot.height - y(b.clicks) }),
      svg('text', { class: 'bar-value', x: middle, y: y(b.clicks) - 4, 'text-anchor': 'middle' }, formatCount(b.clicks)),
      svg('text', { class: 'axis-label', x: middle, y: top + plot.height + 14, 'text-anchor': 'middle' }, label(b.positions)),
    );
  });
  return svg(
    'svg',
    {
      class: 'position-chart',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
    },
    svg('title', { id: `${id}-title` }, 'Search clicks by the position of the result clicked'),
    svg(
      'desc',
      { id: `${id}-desc` },
      bands.map((b) => `position ${b.positions}: ${b.clicks} clicks, ${percent(b.ctr)} click-through`).join('; '),
    ),
    svg('line', { class: 'axis', x1: left, x2: width - 8, y1: top + plot.height, y2: top + plot.height }),
    svg('text', { class: 'axis-label', x: left + plot.width / 2, y: height - 4, 'text-anchor': 'middle' }, 'Position in the results'),
    ...columns,
  );
}
