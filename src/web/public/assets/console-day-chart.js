import { svg } from './svg.js';
import { uniqueId, formatCount } from './dom.js';

/**
 * Searches per day as columns, clicks drawn inside each: inline SVG built
 * through DOM calls (no library, nothing from another host, colours from the
 * stylesheet), at the width it has so labels stay legible on a phone. An
 * image with a title and description; the numbers are also in the table
 * under it.
 */

const shortDay = (day) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
};

/** @param days [{day: 'YYYY-MM-DD', searches, zeroResultSearches, clicks}] */
export function dayChart({ days, width }) {
  const height = 180;
  const top = 16;
  const bottom = 28;
  const left = 40;
  const plot = { width: width - left - 8, height: height - top - bottom };
  const max = Math.max(1, ...days.map((d) => d.searches));
  const slot = plot.width / days.length;
  const barWidth = Math.max(2, Math.min(40, slot * 0.7));
  // Labels never overlap: every nth day, n chosen so each has ~56px.
  const every = Math.max(1, Math.ceil(56 / slot));
  const id = uniqueId('days');
  const y = (value) => top + plot.height - (value / max) * plot.height;
  const columns = days.map((d, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    return svg(
      'g',
      { class: 'day' },
      svg('rect', { class: 'bar searches', x, y: y(d.searches), width: barWidth, height: top + plot.height - y(d.searches) }),
      svg('rect', {
        class: 'bar clicks',
        x,
        y: y(Math.min(d.clicks, d.searches)),
        width: barWidth,
        height: top + plot.height - y(Math.min(d.clicks, d.searches)),
      }),
      i % every === 0
        ? svg('text', { class: 'axis-label', x: x + barWidth / 2, y: height - 8, 'text-anchor': 'middle' }, shortDay(d.day))
        : '',
    );
  });
  return svg(
    'svg',
    { class: 'day-chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    svg('title', { id: `${id}-title` }, 'Searches per day, with clicks inside each column'),
    svg('desc', { id: `${id}-desc` }, days.map((d) => `${d.day}: ${d.searches} searches, ${d.clicks} clicks`).join('; ')),
    svg('line', { class: 'axis', x1: left, x2: width - 8, y1: top + plot.height, y2: top + plot.height }),
    svg('text', { class: 'axis-label', x: left - 6, y: top + 4, 'text-anchor': 'end' }, formatCount(max)),
    svg('text', { class: 'axis-label', x: left - 6, y: top + plot.height, 'text-anchor': 'end' }, '0'),
    ...columns,
  );
}
