import { FormError } from './form-fields.js';

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

/** A number input's `value`, which the browser keeps '' or a valid number: '' → undefined (not set), else the number. */
export function optionalNumber(text) {
  const trimmed = String(text ?? '').trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/**
 * A number input's value, or undefined when it is empty. The browser reads
 * text it cannot take as a number ("1e", "-") as '' too, and only
 * `validity.badInput` tells that from an empty box: such text is a FormError
 * at the input's path (shown beside it, nothing sent), never "not set".
 */
export function numberValue(input, path = input.dataset?.path) {
  if (input.validity?.badInput) throw new FormError(path, 'This is not a number.');
  return optionalNumber(input.value);
}

/** One value per line, for values that may contain commas ("men's shoes, 42"). */
export function splitLines(text) {
  return String(text ?? '')
    .split('\n')
    .map((v) => v.trim())
    .filter((v) => v !== '');
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
