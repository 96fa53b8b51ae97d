import { h, uniqueId, formatCount } from './dom.js';
import { priceText, thumbnail } from './console-products.js';

/**
 * Search as you type for a product, through the storefront's search (run by the merchandising API),
 * with thumbnails: an ARIA combobox (arrows move, Enter picks, Escape
 * closes) on an existing input, which must already be in its field. What is picked is handed to `onPick`;
 * the input keeps the product's id, so forms read it as before, and a line
 * beside it names the product.
 */
export function attachProductPicker(input, { ctx, onPick = () => undefined, clearOnPick = false }) {
  const listId = uniqueId('picker');
  const list = h('ul', { class: 'picker-options', id: listId, role: 'listbox', hidden: true, 'aria-label': 'Matching products' });
  const chosen = h('p', { class: 'picker-chosen', 'aria-live': 'polite' });
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listId);
  input.autocomplete = 'off';
  // Beside the input, not around it: the field keeps its input as a direct child (where form-errors.js looks).
  input.after(list, chosen);
  input.parentElement.classList.add('has-picker');

  let options = [];
  let active = -1;
  let timer = null;
  let controller = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  function highlight(i) {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0 && list.children[i]) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  /** Shows which product an id names (a typed id or a picked one). */
  function name(product) {
    chosen.replaceChildren(...(product ? [thumbnail(product), h('span', { text: `${product.title} · ${priceText(product)}` })] : []));
  }

  function pick(product) {
    ctx.products.remember(product);
    input.value = clearOnPick ? '' : product.id;
    name(clearOnPick ? null : product);
    close();
    onPick(product);
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  async function search() {
    const q = input.value.trim();
    controller?.abort();
    if (q.length < 2) {
      close();
      return;
    }
    const mine = (controller = new AbortController());
    try {
      // The merchandising endpoint, not /v1/search: a merchandiser's lookups are not shoppers' searches in the analytics.
      const answer = await ctx.api.get('/v1/merchandising/products', { q, size: 8 }, { signal: mine.signal });
      options = answer.products;
    } catch (error) {
      if (error.name === 'AbortError') return;
      options = [];
    }
    // A whole id typed or pasted names its product at once; no list to pick from.
    const exact =
      options.find((p) => p.id === q) ?? (/^\S+$/.test(q) ? ((await ctx.products.load([q]).catch(() => new Map())).get(q) ?? null) : null);
    if (mine.signal.aborted) return;
    if (exact) {
      ctx.products.remember(exact);
      name(exact);
      close();
      return;
    }
    list.replaceChildren(
      ...(options.length === 0
        ? [h('li', { class: 'picker-empty', role: 'option', 'aria-disabled': 'true', id: `${listId}-none`, text: 'No product found' })]
        : options.map((p, i) =>
            h(
              'li',
              {
                id: `${listId}-${i}`,
                role: 'option',
                'aria-selected': 'false',
                dataset: { id: p.id },
                on: {
                  mousedown: (event) => event.preventDefault(),
                  click: () => pick(p),
                },
              },
              thumbnail(p),
              h('span', { class: 'picker-title', text: p.title }),
              h('span', { class: 'picker-meta', text: `${priceText(p)} · ${p.inStock ? 'in stock' : 'out of stock'} · ${p.id}` }),
            ),
          )),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(-1);
    ctx.announce?.(`${formatCount(options.length)} products found`);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(), 150);
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden || options.length === 0) return;
    if (event.key === 'ArrowDown') highlight(Math.min(active + 1, options.length - 1));
    else if (event.key === 'ArrowUp') highlight(Math.max(active - 1, 0));
    else if (event.key === 'Enter' && active >= 0) pick(options[active]);
    else if (event.key === 'Escape') close();
    else return;
    event.preventDefault();
  });
  input.addEventListener('blur', () => setTimeout(close, 100));

  // A product already there (a rule being edited) is named once its card is known.
  if (input.value.trim() !== '')
    void ctx.products
      .load([input.value.trim()])
      .then((cards) => name(cards.get(input.value.trim()) ?? null))
      .catch(() => undefined);

  return { name };
}
