import { facetNames } from './facet-declarations.js';

/**
 * The page's state lives in its URL (`/?q=…&brand=a,b` or `/?product=id`), so
 * links can be shared and back/forward replay every search and filter. These
 * functions are pure: URL ⇄ state ⇄ /v1/search parameters.
 */

export const emptySearch = Object.freeze({
  q: '',
  /** Category trail from a root to the category being viewed; the API filters on the last. */
  category: [],
  brand: [],
  merchant: [],
  /** attribute key → selected values */
  attrs: {},
  priceMin: '',
  priceMax: '',
  ratingMin: '',
  inStock: false,
  sort: '',
});

const list = (value) =>
  value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];

/** `{view: 'product', productId}` or `{view: 'search', search}`. */
export function readLocation(queryString) {
  const params = new URLSearchParams(queryString);
  const productId = params.get('product');
  if (productId) return { view: 'product', productId };
  const attrs = {};
  for (const [name, value] of params) {
    if (name.startsWith('attr.') && name.length > 5 && list(value).length > 0) attrs[name.slice(5)] = list(value);
  }
  return {
    view: 'search',
    search: {
      q: (params.get('q') ?? '').trim(),
      category: list(params.get('category')),
      brand: list(params.get('brand')),
      merchant: list(params.get('merchant')),
      attrs,
      priceMin: params.get('price_min') ?? '',
      priceMax: params.get('price_max') ?? '',
      ratingMin: params.get('rating_min') ?? '',
      inStock: params.get('in_stock') === 'true',
      sort: params.get('sort') ?? '',
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
    ['category', search.category.join(',')],
    ['brand', search.brand.join(',')],
    ['merchant', search.merchant.join(',')],
    ...Object.entries(search.attrs)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, values]) => [`attr.${key}`, values.join(',')]),
    ['price_min', search.priceMin],
    ['price_max', search.priceMax],
    ['rating_min', search.ratingMin],
    ['in_stock', search.inStock ? 'true' : ''],
    ['sort', search.sort],
  ]);
}

export function productUrl(productId) {
  return encode([['product', productId]]);
}

export function hasFilters(search) {
  return (
    search.category.length > 0 ||
    search.brand.length > 0 ||
    search.merchant.length > 0 ||
    Object.keys(search.attrs).length > 0 ||
    search.priceMin !== '' ||
    search.priceMax !== '' ||
    search.ratingMin !== '' ||
    search.inStock
  );
}

/** The /v1/search parameters for a state; facets are always counted so the sidebar can follow every change. */
export function searchParams(search, shopper, cursor = null) {
  return {
    q: search.q,
    category: search.category.at(-1) ?? '',
    brand: search.brand,
    merchant: search.merchant,
    ...Object.fromEntries(Object.entries(search.attrs).map(([key, values]) => [`attr.${key}`, values])),
    price_min: search.priceMin,
    price_max: search.priceMax,
    rating_min: search.ratingMin,
    in_stock: search.inStock ? 'true' : '',
    sort: search.sort,
    facets: facetNames,
    facet_size: 10,
    size: 24,
    cursor,
    ...shopper,
  };
}

/** The state field behind each filter parameter facets.js sets (facet-declarations.js names parameters); `attr.<key>` values live in `attrs`. */
const filterFields = Object.freeze({
  category: 'category',
  brand: 'brand',
  merchant: 'merchant',
  price_min: 'priceMin',
  price_max: 'priceMax',
  rating_min: 'ratingMin',
});

/** The value of a filter parameter in a state: a list for list parameters, a string for bounds. */
export function filterValue(search, parameter) {
  if (parameter.startsWith('attr.')) return search.attrs[parameter.slice(5)] ?? [];
  return search[filterFields[parameter]];
}

/** A copy of the state with a filter parameter set; an attribute without values is dropped. */
export function withFilter(search, parameter, value) {
  if (!parameter.startsWith('attr.')) return { ...search, [filterFields[parameter]]: value };
  const attrs = { ...search.attrs, [parameter.slice(5)]: value };
  if (value.length === 0) delete attrs[parameter.slice(5)];
  return { ...search, attrs };
}

/** A copy of `values` with `value` added or removed. */
export function toggled(values, value, on) {
  const rest = values.filter((v) => v !== value);
  return on ? [...rest, value] : rest;
}
