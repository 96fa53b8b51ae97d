/**
 * Small DOM helpers. Every value from the API reaches the page as text
 * (textContent or attributes), never as markup; the one exception,
 * highlighted titles, goes through `highlighted()` below.
 */

/**
 * Builds an element. `props`: `class`, `text`, `on` ({click: fn}), `dataset`,
 * and any other key as an attribute (`false`/null/undefined leave it out).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** The element with this id (the console's pages name their parts by id). */
export const byId = (id) => document.getElementById(id);

let lastId = 0;
/** An id no other element of the page has, for labels, hints and messages to point at. */
export const uniqueId = (prefix) => `${prefix}-${++lastId}`;

export function clear(el) {
  el.replaceChildren();
  return el;
}

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[name.toLowerCase()] ?? whole;
  });
}

/**
 * `highlightedTitle` is HTML-escaped text with matched words in <em>. Rather
 * than trusting it to innerHTML, split it on exactly `<em>` and `</em>` and
 * insert the rest as text: even a broken or hostile string can only ever
 * produce text and <em> elements.
 */
export function highlighted(markup) {
  const fragment = document.createDocumentFragment();
  let inEm = false;
  for (const part of markup.split(/(<\/?em>)/)) {
    if (part === '<em>') inEm = true;
    else if (part === '</em>') inEm = false;
    else if (part !== '') fragment.append(inEm ? h('em', { text: decodeEntities(part) }) : decodeEntities(part));
  }
  return fragment;
}

const priceFormats = new Map();

export function formatPrice(amount, currency = 'USD') {
  const key = currency || 'USD';
  if (!priceFormats.has(key)) {
    try {
      priceFormats.set(key, new Intl.NumberFormat(undefined, { style: 'currency', currency: key }));
    } catch {
      priceFormats.set(key, { format: (n) => `${n.toFixed(2)} ${key}` });
    }
  }
  return priceFormats.get(key).format(amount);
}

export function formatCount(n) {
  return new Intl.NumberFormat().format(n);
}

/** Only http(s) or same-site paths may become links or images: no `javascript:`, no `data:` documents. */
export function safeUrl(url) {
  if (typeof url !== 'string' || url === '') return null;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** "screen_size" → "Screen size", "running-shoes" → "Running shoes". */
export function humanize(id) {
  const words = String(id).replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A stable hue per string, for placeholder images. */
export function hueOf(text) {
  let hash = 0;
  for (const ch of String(text)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return hash % 360;
}
