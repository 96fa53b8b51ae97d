/**
 * Splits a text by `[start, end)` ranges (UTF-16 offsets, as the API gives a
 * suggestion's matched part) into pieces, each marked or not. Pure and
 * forgiving: ranges out of order, overlapping, reversed or out of bounds are
 * sorted, merged and clipped, and non-numbers are ignored, so a bad range can
 * only ever mark too little, never break the text.
 */
export function splitByRanges(text, ranges) {
  const length = text.length;
  const clean = (Array.isArray(ranges) ? ranges : [])
    .filter((r) => Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]))
    .map(([a, b]) => [Math.max(0, Math.min(a, length)), Math.max(0, Math.min(b, length))])
    .filter(([a, b]) => a < b)
    .sort((x, y) => x[0] - y[0]);
  const merged = [];
  for (const [a, b] of clean) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const pieces = [];
  let at = 0;
  for (const [a, b] of merged) {
    if (a > at) pieces.push({ text: text.slice(at, a), marked: false });
    pieces.push({ text: text.slice(a, b), marked: true });
    at = b;
  }
  if (at < length) pieces.push({ text: text.slice(at), marked: false });
  return pieces;
}
