import { h, clear } from './dom.js';
import { productCard, rememberProducts } from './products.js';

/**
 * One recommendation widget: a titled row of product cards, each saying why
 * it is there in the shopper's words (`reason.text`: "Often bought with …",
 * "Trending in Kitchen"), never how the list was made (the item's `source`
 * is for developers, not shoppers). The widget loads itself; an endpoint
 * that is missing (404) or failing shows "not available" and never breaks
 * the page.
 */
export function recommendationWidget({ id, title, load, onOpen }) {
  const headingId = `${id}-title`;
  const status = h('p', { class: 'widget-status', text: 'Loading…' });
  const list = h('ul', { class: 'carousel', 'aria-labelledby': headingId });
  const section = h(
    'section',
    { class: 'widget', id, 'aria-labelledby': headingId, 'aria-busy': 'true' },
    h('h2', { id: headingId, text: title }),
    status,
    list,
  );

  load()
    .then((response) => {
      const items = Array.isArray(response?.items) ? response.items.filter((item) => item?.product?.id) : null;
      if (items === null) throw new Error('unexpected answer');
      rememberProducts(items.map((item) => item.product));
      clear(list).append(...items.map((item) => productCard(item.product, { reason: item.reason?.text ?? null, onOpen })));
      if (items.length === 0) status.textContent = 'Nothing to recommend here yet.';
      else status.remove();
    })
    .catch((error) => {
      section.classList.add('unavailable');
      status.textContent = error?.status === 404 ? 'Not available.' : 'Not available right now.';
    })
    .finally(() => section.setAttribute('aria-busy', 'false'));
  return section;
}

/**
 * Several product-page lists from one request (`types=similar,bought_together,…`):
 * the API answers them disjoint, so no card shows up in two widgets. Returns a
 * loader per type for `recommendationWidget`; the request is made once, when
 * the first widget loads.
 */
export function productListLoaders(loadAll, types) {
  let answer = null;
  const all = () => (answer ??= loadAll(types));
  return Object.fromEntries(
    types.map((type) => [
      type,
      () =>
        all().then((response) => {
          const list = Array.isArray(response?.lists) ? response.lists.find((l) => l?.type === type) : undefined;
          if (list === undefined) throw new Error('unexpected answer');
          return list;
        }),
    ]),
  );
}
