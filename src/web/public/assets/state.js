import { facetNames, facetParameters } from './facet-declarations.js';

/**
 * The page's state lives in its URL (`/?q=…&brand=a,b` or `/?product=id`), so
 * links can be shared and back/forward replay every search and filter. These
 * functions are pure: URL ⇄ state ⇄ /v1/search parameters.
 *
 * Facet parameters come from the facet registry through facet-declarations.js:
 * each is kept under its `field` of the state, and read and written by its
 * `kind` (below); nothing here names a facet.
 */

const list = (value) =>
  value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];

/** `attr.` of `attr.{key}`. */
const keyPrefix = (parameter) => parameter.name.slice(0, -'{key}'.length);

/** The names and values a keyed parameter holds (`attr.colour` → red, blue), from the URL. */
function keyedValues(params, prefix) {
  const values = {};
  for (const [name, value] of params) {
    if (name.startsWith(prefix) && name.length > prefix.length && list(value).length > 0) values[name.slice(prefix.length)] = list(value);
  }
  return values;
}

/**
 * How each kind of facet parameter is kept: its empty value, how it is read
 * from the URL, the URL's pairs for it, and the /v1/search parameters for it.
 */
const kinds = {
  /** The values selected (`brand=a,b`), OR-ed. */
  list: {
    empty: () => [],
    read: (params, parameter) => list(params.get(parameter.name)),
    url: (values, parameter) => [[parameter.name, values.join(',')]],
    request: (values, parameter) => [[parameter.name, values]],
  },
  /** A trail from a root of the tree to the value being viewed (`category=a,b`); the API filters on the last. */
  trail: {
    empty: () => [],
    read: (params, parameter) => list(params.get(parameter.name)),
    url: (trail, parameter) => [[parameter.name, trail.join(',')]],
    request: (trail, parameter) => [[parameter.name, trail.at(-1) ?? '']],
  },
  /** key → selected values (`attr.colour=red,blue`), keys in alphabetical order in the URL. */
  keyed: {
    empty: () => ({}),
    read: (params, parameter) => keyedValues(params, keyPrefix(parameter)),
    url: (byKey, parameter) =>
      Object.entries(byKey)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, values]) => [`${keyPrefix(parameter)}${key}`, values.join(',')]),
    request: (byKey, parameter) => Object.entries(byKey).map(([key, values]) => [`${keyPrefix(parameter)}${key}`, values]),
  },
  /** One value, '' when unset (`price_min=10`). */
  single: {
    empty: () => '',
    read: (params, parameter) => params.get(parameter.name) ?? '',
    url: (value, parameter) => [[parameter.name, value]],
    request: (value, parameter) => [[parameter.name, value]],
  },
};

const isSet = (value) => (typeof value === 'string' ? value !== '' : Object.keys(value).length > 0);

/** Results shown per page, and the most pages a URL may ask for (the API serves results up to 1000 by page number). */
export const pageSize = 24;
export const maxPages = Math.floor(1000 / pageSize);

export const emptySearch = Object.freeze({
  q: '',
  ...Object.fromEntries(facetParameters.map((p) => [p.field, kinds[p.kind].empty()])),
  inStock: false,
  sort: '',
  /** false: the words as typed, never their spelling correction ("Search instead for …"; `correct=false` in the URL and to the API). */
  correct: true,
  /** How many pages of results are shown ("Load more" adds one), so a reload or a shared link shows as many. */
  page: 1,
});

function pageNumber(raw) {
  const n = Number(raw);
  return Number.isInteger(n) ? Math.min(Math.max(n, 1), maxPages) : 1;
}

/** `{view: 'product', productId}` or `{view: 'search', search}`. */
export function readLocation(queryString) {
  const params = new URLSearchParams(queryString);
  const productId = params.get('product');
  if (productId) return { view: 'product', productId };
  return {
    view: 'search',
    search: {
      q: (params.get('q') ?? '').trim(),
      ...Object.fromEntries(facetParameters.map((p) => [p.field, kinds[p.kind].read(params, p)])),
      inStock: params.get('in_stock') === 'true',
      sort: params.get('sort') ?? '',
      correct: params.get('correct') !== 'false',
      page: pageNumber(params.get('page') ?? '1'),
    },
  };
}

function encode(pairs) {
  const parts = pairs
    .filter(([, value]) => value !== '' && value !== null && value !== undefined)
    // Commas separate list values and '+' is a space: leaving them readable keeps URLs legible.
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value).replace(/%2C/g, ',').replace(/%20/g, '+')}`);
  return parts.length === 0 ? '/' : `/?${parts.join('&')}`;
}

export function searchUrl(search) {
  return encode([
    ['q', search.q],
    ...facetParameters.flatMap((p) => kinds[p.kind].url(search[p.field], p)),
    ['in_stock', search.inStock ? 'true' : ''],
    ['sort', search.sort],
    ['correct', search.correct === false ? 'false' : ''],
    ['page', search.page > 1 ? String(search.page) : ''],
  ]);
}

export function productUrl(productId) {
  return encode([['product', productId]]);
}

export function hasFilters(search) {
  return facetParameters.some((p) => isSet(search[p.field])) || search.inStock;
}

/**
 * The /v1/search parameters for a state; facets are always counted so the
 * sidebar can follow every change. The first page, or the one after `cursor`;
 * the state's `page` (pages shown) is for the caller to fetch.
 */
export function searchParams(search, shopper, cursor = null) {
  return {
    q: search.q,
    ...Object.fromEntries(facetParameters.flatMap((p) => kinds[p.kind].request(search[p.field], p))),
    in_stock: search.inStock ? 'true' : '',
    sort: search.sort,
    correct: search.correct === false ? 'false' : '',
    facets: facetNames,
    facet_size: 10,
    size: pageSize,
    cursor,
    ...shopper,
  };
}

/** The declared parameter a filter parameter facets.js sets is: `brand`, or `attr.{key}` for `attr.colour`. */
function declared(parameter) {
  const found = facetParameters.find((p) => (p.kind === 'keyed' ? parameter.startsWith(keyPrefix(p)) : p.name === parameter));
  if (!found) throw new Error(`No facet parameter ${parameter} (facet-declarations.js)`);
  return found;
}

/** The value of a filter parameter in a state: a list for list parameters (one key's for `attr.colour`), a string for bounds. */
export function filterValue(search, parameter) {
  const p = declared(parameter);
  return p.kind === 'keyed' ? (search[p.field][parameter.slice(keyPrefix(p).length)] ?? []) : search[p.field];
}

/** A copy of the state with a filter parameter set; a key without values is dropped. */
export function withFilter(search, parameter, value) {
  const p = declared(parameter);
  if (p.kind !== 'keyed') return { ...search, [p.field]: value };
  const key = parameter.slice(keyPrefix(p).length);
  const byKey = { ...search[p.field], [key]: value };
  if (value.length === 0) delete byKey[key];
  return { ...search, [p.field]: byKey };
}

/** A copy of `values` with `value` added or removed. */
export function toggled(values, value, on) {
  const rest = values.filter((v) => v !== value);
  return on ? [...rest, value] : rest;
}
