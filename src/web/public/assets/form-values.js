/**
 * Text typed into the console's forms as the API's JSON values, and back.
 * Nothing here validates: a value the API refuses comes back as a 400 naming
 * the field, and the form shows that message beside it (one set of rules,
 * kept by the API).
 */

/** "running shoes, sneakers" or one per line → ['running shoes', 'sneakers']; Chinese commas count too. */
export function splitList(text) {
  return String(text ?? '')
    .split(/[,\n，、]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function joinList(values, separator = ', ') {
  return (values ?? []).join(separator);
}

/** A list input's value: absent when nothing was typed, so optional lists stay out of the body. */
export function optionalList(text) {
  const values = splitList(text);
  return values.length === 0 ? undefined : values;
}

/** A number input's value: '' → undefined (not set); anything else as a number, or as typed when it is not one (the API names it). */
export function optionalNumber(text) {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

export function optionalText(text) {
  const trimmed = String(text ?? '').trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Attribute filters, one per line: "colour: red, blue" → {colour: ['red', 'blue']}.
 * A line without a colon is a name with no values, which the API refuses by name.
 */
export function parseAttributes(text) {
  const out = {};
  for (const line of String(text ?? '').split('\n')) {
    if (line.trim() === '') continue;
    const at = line.indexOf(':');
    const name = (at < 0 ? line : line.slice(0, at)).trim();
    out[name] = at < 0 ? [] : splitList(line.slice(at + 1));
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

export function formatAttributes(attributes) {
  return Object.entries(attributes ?? {})
    .map(([name, values]) => `${name}: ${values.join(', ')}`)
    .join('\n');
}

/** A whole-number or decimal shown without float noise: 0.30000000000000004 → "0.3". */
export function formatNumber(n, digits = 3) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  return String(Number(n.toFixed(digits)));
}
