import { h, clear, formatPrice } from './dom.js';
import { productImage, ratingText, recallProduct } from './products.js';
import { recommendationWidget } from './recommendations.js';

/**
 * The product page: what the storefront knows of the product (remembered
 * from the list it was opened from) and the five recommendation widgets.
 * Opening it records a `view`; "Add to cart" records `add_to_cart`.
 */
export function createProductView({ api, shopper, onCartChange, hasHistory }) {
  const view = document.getElementById('product-view');

  function details(product, productId) {
    const addButton = h('button', { type: 'button', class: 'button primary', text: 'Add to cart' });
    const confirmation = h('p', { class: 'confirmation', role: 'status' });
    addButton.addEventListener('click', async () => {
      addButton.disabled = true;
      const recorded = await shopper.track('add_to_cart', productId);
      onCartChange(shopper.addToCart());
      confirmation.textContent = recorded ? 'Added to cart.' : 'Added to cart (the event could not be recorded).';
      addButton.disabled = false;
    });
    const back = hasHistory()
      ? h('button', { type: 'button', class: 'link-button', text: '← Back to results', on: { click: () => history.back() } })
      : h('a', { href: '/', dataset: { nav: '' }, text: '← All products' });

    if (!product || product.partial) {
      return h(
        'div',
        { class: 'product-summary' },
        back,
        h('h1', { id: 'product-title', tabindex: '-1', text: product?.title ?? `Product ${productId}` }),
        h('p', {
          class: 'muted',
          text: 'Details show once the product has appeared in a list on this page (the API has no product lookup yet).',
        }),
        addButton,
        confirmation,
      );
    }
    return h(
      'div',
      { class: 'product-summary' },
      back,
      h(
        'div',
        { class: 'product-main' },
        productImage(product, 'hero'),
        h(
          'div',
          { class: 'product-info' },
          h('p', { class: 'muted', text: product.category?.name ?? '' }),
          h('h1', { id: 'product-title', tabindex: '-1', text: product.title }),
          product.titleZh && product.titleZh !== product.title ? h('p', { class: 'muted', lang: 'zh', text: product.titleZh }) : null,
          h(
            'p',
            { class: 'byline' },
            product.brand ? `${product.brand.name} · ` : '',
            `Sold by ${product.merchant?.name ?? 'a marketplace seller'}`,
          ),
          h('p', { class: 'price big', text: formatPrice(product.price, product.currency) }),
          h('p', { class: 'rating', text: ratingText(product) }),
          h('p', { class: product.inStock ? 'stock in' : 'stock out', text: product.inStock ? 'In stock' : 'Out of stock' }),
          addButton,
          confirmation,
        ),
      ),
    );
  }

  function widgets(productId) {
    const who = shopper.params();
    const forProduct = (type) => () => api.get(`/v1/products/${encodeURIComponent(productId)}/recommendations`, { type, size: 8, ...who });
    const forYou = shopper.customerId
      ? () =>
          api.get(`/v1/customers/${encodeURIComponent(shopper.customerId)}/recommendations`, {
            size: 8,
            session: shopper.sessionId,
            exclude: [productId],
          })
      : () => api.get(`/v1/sessions/${encodeURIComponent(shopper.sessionId)}/recommendations`, { size: 8, exclude: [productId] });
    const onOpen = (product) => void shopper.track('click', product.id);
    return [
      recommendationWidget({ id: 'recs-similar', title: 'Similar items', load: forProduct('similar'), onOpen }),
      recommendationWidget({
        id: 'recs-bought-together',
        title: 'Frequently bought together',
        load: forProduct('bought_together'),
        onOpen,
      }),
      recommendationWidget({
        id: 'recs-also-bought',
        title: 'Customers who bought this also bought',
        load: forProduct('also_bought'),
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
    ];
  }

  return {
    hide() {
      view.hidden = true;
    },
    /** `recordView: false` redraws without counting another view (the shopper changed, not the page). */
    show(productId, { recordView = true } = {}) {
      const product = recallProduct(productId);
      document.title = `${product?.title ?? productId} · Agora demo`;
      clear(view).append(details(product, productId), h('div', { class: 'widgets' }, widgets(productId)));
      view.hidden = false;
      if (recordView) void shopper.track('view', productId);
      // A new "page" for assistive technology: start reading at its title.
      document.getElementById('product-title')?.focus();
    },
  };
}
