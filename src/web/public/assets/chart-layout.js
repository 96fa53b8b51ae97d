/**
 * Geometry of a horizontal bar chart, one row per item: a label, a bar as
 * long as the value, optionally a second bar inside it (a part of the value,
 * such as clicks within searches), and the number. Pure arithmetic; the DOM
 * side (bar-chart.js) only draws what this returns.
 */

/** About how wide one character of the chart's labels is, in px, to shorten labels that would not fit. */
const charWidth = 7.5;

export function truncate(text, maxChars) {
  const chars = [...String(text)];
  return chars.length <= maxChars ? chars.join('') : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

/**
 * @param items [{label, value, part?}]
 * @param width the drawing's width in px (the container's, so text keeps its size on a phone)
 */
export function barLayout(items, { width = 640, rowHeight = 24, gap = 8, valueWidth = 44 } = {}) {
  const labelWidth = Math.round(Math.min(180, width * 0.35));
  const barSpace = Math.max(0, width - labelWidth - valueWidth);
  const max = Math.max(1, ...items.map((i) => i.value));
  const scale = (v) => Math.round((Math.max(0, v) / max) * barSpace * 10) / 10;
  const rows = items.map((item, i) => ({
    label: truncate(item.label, Math.floor((labelWidth - 8) / charWidth)),
    fullLabel: String(item.label),
    value: item.value,
    part: item.part ?? null,
    y: i * (rowHeight + gap),
    barWidth: scale(item.value),
    partWidth: item.part === undefined || item.part === null ? 0 : scale(Math.min(item.part, item.value)),
  }));
  return { width, height: Math.max(0, items.length * (rowHeight + gap) - gap), rowHeight, labelWidth, barX: labelWidth, rows };
}
