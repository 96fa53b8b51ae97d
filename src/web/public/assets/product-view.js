import { h, clear, formatPrice, humanize } from './dom.js';
import { productImage, ratingText, recallProduct, rememberProducts } from './products.js';
import { productListLoaders, recommendationWidget } from './recommendations.js';
import { emptySearch, searchUrl } from './state.js';

/**
 * The product page, built from `GET /v1/products/:id`: breadcrumbs, image,
 * title, price, seller, stock, description and attributes, then the five
 * recommendation widgets. A product remembered from a list paints at once
 * while the lookup runs; a product the API does not know (404: hidden,
 * deleted) gets a not-found page with a way back, and any other failure an
 * error in place of the remembered card (never shown as if it were current).
 * Opening it records a `view`; "Add to cart" records `add_to_cart`.
 */

/** `[{id, name}]` root → leaf: the category trail as the search page's URL keeps it. */
function breadcrumbs(path) {
  const trail = path.map((c) => c.id);
  return h(
    'nav',
    { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
    h(
      'ol',
      {},
      h('li', {}, h('a', { href: '/', dataset: { nav: '' }, text: 'All products' })),
      path.map((c, i) =>
        h('li', {}, h('a', { href: searchUrl({ ...emptySearch, category: trail.slice(0, i + 1) }), dataset: { nav: '' }, text: c.name })),
      ),
    ),
  );
}

/** Attribute values are one value or a list (`size: ["42", "43"]`). */
function attributeList(attributes) {
  const entries = Object.entries(attributes ?? {}).filter(([, v]) => v !== null && v !== undefined && v !== '');
  if (entries.length === 0) return null;
  return h(
    'dl',
    { class: 'attributes' },
    entries.flatMap(([key, value]) => [
      h('dt', { text: humanize(key) }),
      h('dd', { text: Array.isArray(value) ? value.join(', ') : String(value) }),
    ]),
  );
}

export function createProductView({ api, shopper, onCartChange, hasHistory }) {
  const view = document.getElementById('product-view');
  let controller = null;

  function backLink() {
    return hasHistory()
      ? h('button', { type: 'button', class: 'link-button back', text: '← Back to results', on: { click: () => history.back() } })
      : h('a', { class: 'back', href: '/', dataset: { nav: '' }, text: '← All products' });
  }

  function cartButton(productId) {
    const addButton = h('button', { type: 'button', class: 'button primary', text: 'Add to cart' });
    const confirmation = h('p', { class: 'confirmation', role: 'status' });
    addButton.addEventListener('click', async () => {
      addButton.disabled = true;
      const recorded = await shopper.track('add_to_cart', productId);
      onCartChange(shopper.addToCart());
      confirmation.textContent = recorded ? 'Added to cart.' : 'Added to cart (the event could not be recorded).';
      addButton.disabled = false;
    });
    return [addButton, confirmation];
  }

  /** `product`: the API's product, or a remembered card (no description, attributes or path) while it loads. */
  function details(product, productId, { loading = false } = {}) {
    const path = Array.isArray(product.categoryPath) && product.categoryPath.length > 0 ? product.categoryPath : null;
    const description = product.description ?? product.descriptionEn ?? null;
    return h(
      'div',
      { class: 'product-summary', 'aria-busy': loading ? 'true' : 'false' },
      backLink(),
      path ? breadcrumbs(path) : null,
      h(
        'div',
        { class: 'product-main' },
        productImage(product, 'hero'),
        h(
          'div',
          { class: 'product-info' },
          path ? null : h('p', { class: 'muted', text: product.category?.name ?? '' }),
          h('h1', { id: 'product-title', tabindex: '-1', text: product.title }),
          product.titleZh && product.titleZh !== product.title ? h('p', { class: 'muted', lang: 'zh', text: product.titleZh }) : null,
          h(
            'p',
            { class: 'byline' },
            product.brand ? `${product.brand.name} · ` : '',
            'Sold by ',
            h('span', { class: 'merchant', text: product.merchant?.name ?? 'a marketplace seller' }),
          ),
          typeof product.price === 'number' ? h('p', { class: 'price big', text: formatPrice(product.price, product.currency) }) : null,
          h('p', { class: 'rating', text: ratingText(product) }),
          typeof product.inStock === 'boolean'
            ? h('p', { class: product.inStock ? 'stock in' : 'stock out', text: product.inStock ? 'In stock' : 'Out of stock' })
            : null,
          cartButton(productId),
          description ? h('p', { class: 'description', text: description }) : null,
          attributeList(product.attributes),
        ),
      ),
    );
  }

  function loadingPage(productId) {
    return h(
      'div',
      { class: 'product-summary', 'aria-busy': 'true' },
      backLink(),
      h('h1', { id: 'product-title', tabindex: '-1', text: 'Loading product…' }),
      h('p', { class: 'muted', text: `Product ${productId}` }),
    );
  }

  function notFoundPage() {
    return h(
      'div',
      { class: 'product-summary not-found' },
      h('h1', { id: 'product-title', tabindex: '-1', text: 'Product not found' }),
      h('p', { text: 'This product is no longer available: it may have been sold out for good, withdrawn or removed by its seller.' }),
      h(
        'p',
        { class: 'not-found-actions' },
        hasHistory()
          ? h('button', { type: 'button', class: 'button primary', text: 'Back to results', on: { click: () => history.back() } })
          : null,
        h('a', { class: 'button', href: '/', dataset: { nav: '' }, text: 'Browse all products' }),
      ),
    );
  }

  function errorPage(productId, message) {
    return h(
      'div',
      { class: 'product-summary' },
      backLink(),
      h('h1', { id: 'product-title', tabindex: '-1', text: `Product ${productId}` }),
      h('p', { class: 'error', role: 'alert', text: message }),
    );
  }

  function widgets(productId) {
    const who = shopper.params();
    // The three item-to-item lists in one request: the API answers them disjoint, so no card shows up twice.
    const forProduct = productListLoaders(
      (types) => api.get(`/v1/products/${encodeURIComponent(productId)}/recommendations`, { types, size: 8, ...who }),
      ['similar', 'bought_together', 'also_bought'],
    );
    const forYou = shopper.customerId
      ? () =>
          api.get(`/v1/customers/${encodeURIComponent(shopper.customerId)}/recommendations`, {
            size: 8,
            session: shopper.sessionId,
            exclude: [productId],
          })
      : () => api.get(`/v1/sessions/${encodeURIComponent(shopper.sessionId)}/recommendations`, { size: 8, exclude: [productId] });
    const onOpen = (product) => void shopper.track('click', product.id);
    return h(
      'div',
      { class: 'widgets' },
      recommendationWidget({ id: 'recs-similar', title: 'Similar items', load: forProduct.similar, onOpen }),
      recommendationWidget({
        id: 'recs-bought-together',
        title: 'Frequently bought together',
        load: forProduct.bought_together,
        onOpen,
      }),
      recommendationWidget({
        id: 'recs-also-bought',
        title: 'Customers who bought this also bought',
        load: forProduct.also_bought,
        onOpen,
      }),
      recommendationWidget({
        id: 'recs-for-you',
        title: shopper.customerId ? `Picked for you (${shopper.customerId})` : 'Picked for you',
        load: forYou,
        onOpen,
      }),
      recommendationWidget({
        id: 'recs-trending',
        title: 'Trending now',
        load: () => api.get('/v1/recommendations/trending', { size: 8, exclude: [productId], ...who }),
        onOpen,
      }),
    );
  }

  /** Replaces the summary (keeping the widgets below it) and keeps reading at the title when it had the focus. */
  function showSummary(summary, title) {
    const hadFocus = view.contains(document.activeElement) && document.activeElement.id === 'product-title';
    const old = view.querySelector('.product-summary');
    if (old) old.replaceWith(summary);
    else view.prepend(summary);
    document.title = `${title} · Agora demo`;
    if (hadFocus) document.getElementById('product-title')?.focus();
  }

  async function lookUp(productId, signal) {
    try {
      const { product } = await api.get(`/v1/products/${encodeURIComponent(productId)}`, {}, { signal });
      rememberProducts([product]);
      showSummary(details(product, productId), product.title);
      return true;
    } catch (error) {
      if (error.name === 'AbortError') return true;
      if (error.status === 404) {
        view.querySelector('.widgets')?.remove();
        showSummary(notFoundPage(), 'Product not found');
        return false;
      }
      showSummary(
        errorPage(productId, error.status === 503 ? 'The product cannot be shown right now; try again in a moment.' : error.message),
        productId,
      );
      return true;
    }
  }

  return {
    hide() {
      controller?.abort();
      view.hidden = true;
    },
    /** `recordView: false` redraws without counting another view (the shopper changed, not the page). */
    show(productId, { recordView = true } = {}) {
      controller?.abort();
      controller = new AbortController();
      // A card seen in a list paints at once; the lookup then fills in the rest.
      const remembered = recallProduct(productId);
      const usable = remembered && !remembered.partial && typeof remembered.price === 'number' ? remembered : null;
      clear(view).append(usable ? details(usable, productId, { loading: true }) : loadingPage(productId), widgets(productId));
      document.title = `${usable?.title ?? 'Product'} · Agora demo`;
      view.hidden = false;
      // A new "page" for assistive technology: start reading at its title.
      document.getElementById('product-title')?.focus();
      return lookUp(productId, controller.signal).then((found) => {
        if (found && recordView) void shopper.track('view', productId);
      });
    },
  };
}
