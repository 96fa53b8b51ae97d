import { h, formatPrice, hueOf, safeUrl } from './dom.js';

/**
 * Products as the console shows them: a thumbnail (the catalogue's image, or
 * a coloured square with the initial when it has none), the title, and
 * cards named by id fetched once per page from /v1/merchandising/products.
 */

/** A thumbnail: decorative beside a title, so it carries no text of its own. */
export function thumbnail(product, size = 'small') {
  const url = safeUrl(product?.imageUrl);
  if (url) return h('img', { class: `thumb ${size}`, src: url, alt: '', loading: 'lazy', width: 48, height: 48 });
  const title = product?.title ?? product?.id ?? '?';
  const thumb = h('span', { class: `thumb ${size} placeholder`, 'aria-hidden': 'true', text: title.trim().charAt(0).toUpperCase() });
  thumb.dataset.hue = String((Math.round(hueOf(product?.id ?? title) / 30) % 12) * 30);
  return thumb;
}

export function priceText(product) {
  return typeof product?.price === 'number' ? formatPrice(product.price, product.currency) : '';
}

/** Stock as a badge a merchandiser reads at a glance: counts when known, else in or out. */
export function stockBadge(product) {
  const out = product.stock !== undefined ? product.stock <= 0 : product.inStock === false;
  const text = out ? 'Out of stock' : product.stock !== undefined ? `${product.stock} in stock` : 'In stock';
  return h('span', { class: `badge stock ${out ? 'out' : 'in'}`, text });
}

/** Cards by id, each asked of the API once (the console reuses them across lists). */
export function createProductCards(api) {
  const cache = new Map();
  return {
    /** Cards for these ids, as a Map; unknown ids are missing from it. */
    async load(ids) {
      const wanted = [...new Set(ids)].filter((id) => !cache.has(id));
      for (let i = 0; i < wanted.length; i += 100) {
        const batch = wanted.slice(i, i + 100);
        const { products } = await api.get('/v1/merchandising/products', { ids: batch.join(',') });
        for (const id of batch) cache.set(id, null);
        for (const product of products) cache.set(product.id, product);
      }
      return new Map(ids.filter((id) => cache.get(id)).map((id) => [id, cache.get(id)]));
    },
    remember(product) {
      if (product?.id) cache.set(product.id, { ...cache.get(product.id), ...product });
    },
    get: (id) => cache.get(id) ?? null,
  };
}
