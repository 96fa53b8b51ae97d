import { h, formatPrice, hueOf, highlighted, safeUrl } from './dom.js';
import { productUrl } from './state.js';

/**
 * Product cards, shared by search results and recommendation widgets (both
 * APIs return the same product fields), and a small memory of products seen,
 * so the product page paints one at once while its lookup runs.
 */

const cacheKey = 'agora.products';
const cacheLimit = 300;

function readCache() {
  try {
    return JSON.parse(sessionStorage.getItem(cacheKey) || '{}');
  } catch {
    return {};
  }
}

export function rememberProducts(products) {
  const cache = readCache();
  for (const p of products) {
    delete cache[p.id];
    cache[p.id] = p;
  }
  const ids = Object.keys(cache);
  for (const id of ids.slice(0, Math.max(0, ids.length - cacheLimit))) delete cache[id];
  try {
    sessionStorage.setItem(cacheKey, JSON.stringify(cache));
  } catch {
    // Storage full or disabled: the product page then shows less, nothing breaks.
  }
}

export function recallProduct(id) {
  return readCache()[id] ?? null;
}

/**
 * The catalogue's image when it is an absolute http(s) URL; otherwise a
 * coloured tile named after the category (the demo data's relative
 * `/img/<category>.svg` paths belong to a storefront that does not exist).
 * Decorative either way: the title says what it is.
 */
export function productImage(product, className = 'thumb') {
  const url = safeUrl(product.imageUrl);
  if (url && !url.startsWith('/')) {
    return h('img', { class: className, src: url, alt: '', loading: 'lazy', decoding: 'async' });
  }
  const category = product.category?.name ?? '';
  const tile = h('div', { class: `${className} placeholder`, 'aria-hidden': 'true' }, h('span', { text: category || '·' }));
  tile.style.setProperty('--hue', String(hueOf(product.category?.id ?? product.id)));
  return tile;
}

export function ratingText(product) {
  if (product.rating === null || product.rating === undefined) return 'No ratings yet';
  return `★ ${product.rating.toFixed(1)} (${product.reviewCount ?? 0})`;
}

/**
 * One card: a link to the product page (so keyboard, middle-click and
 * "open in new tab" work), with `onOpen` called before the page changes.
 */
export function productCard(product, { highlight = null, reason = null, onOpen = null } = {}) {
  const title = h('span', { class: 'card-title' });
  if (highlight) title.append(highlighted(highlight));
  else title.textContent = product.title;

  const link = h(
    'a',
    { class: 'card-link', href: productUrl(product.id), dataset: { nav: '' }, on: onOpen ? { click: () => onOpen(product) } : {} },
    productImage(product),
    title,
  );
  const byline = [product.brand?.name, product.merchant?.name].filter(Boolean).join(' · ');
  return h(
    'li',
    { class: 'card', dataset: { productId: product.id } },
    link,
    byline ? h('p', { class: 'card-byline', text: byline }) : null,
    h(
      'p',
      { class: 'card-meta' },
      h('span', { class: 'price', text: formatPrice(product.price, product.currency) }),
      h('span', { class: 'rating', text: ratingText(product) }),
    ),
    h('p', { class: product.inStock ? 'stock in' : 'stock out', text: product.inStock ? 'In stock' : 'Out of stock' }),
    product.pinned ? h('p', { class: 'badge', text: 'Featured' }) : null,
    reason ? h('p', { class: 'reason', text: reason }) : null,
  );
}
