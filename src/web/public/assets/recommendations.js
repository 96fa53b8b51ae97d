import { h, clear } from './dom.js';
import { productCard, rememberProducts } from './products.js';

/**
 * One recommendation widget: a titled row of product cards, each saying why
 * it is there (`reason.text`). The widget loads itself; an endpoint that is
 * missing (404) or failing shows "not available" and never breaks the page.
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
      clear(list).append(
        ...items.map((item) => productCard(item.product, { reason: item.reason?.text ?? null, source: item.source ?? null, onOpen })),
      );
      if (items.length === 0) status.textContent = 'Nothing to recommend here yet.';
      else if (response.fallback) status.textContent = 'Not enough history for this list yet: showing the closest fallback.';
      else status.remove();
    })
    .catch((error) => {
      section.classList.add('unavailable');
      status.textContent = error?.status === 404 ? 'Not available.' : 'Not available right now.';
    })
    .finally(() => section.setAttribute('aria-busy', 'false'));
  return section;
}
