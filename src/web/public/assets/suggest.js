import { h, clear, formatPrice } from './dom.js';
import { productImage } from './products.js';
import { splitByRanges } from './text-ranges.js';

/**
 * As-you-type suggestions as an ARIA combobox (the WAI-ARIA "list
 * autocomplete" pattern): focus stays in the input, arrows move
 * `aria-activedescendant` through the options, Enter picks, Escape closes
 * (and clears when already closed). Requests are debounced, and a late
 * answer for older text is dropped.
 */
const debounceMs = 150;

const groups = [
  { key: 'queries', label: 'Searches', kind: 'query' },
  { key: 'products', label: 'Products', kind: 'product' },
  { key: 'categories', label: 'Categories', kind: 'category' },
  { key: 'brands', label: 'Brands', kind: 'brand' },
];

/**
 * A product suggestion: its thumbnail, its own title with the typed part
 * marked (the API's `highlight` ranges; built as nodes, never as markup) and
 * its price. An older API answers only `text`, drawn as it is.
 */
function productOption(item) {
  const title = typeof item.title === 'string' && item.title !== '' ? item.title : item.text;
  const name = h(
    'span',
    { class: 'suggestion-title' },
    splitByRanges(title, item.title ? item.highlight : []).map((piece) => (piece.marked ? h('mark', { text: piece.text }) : piece.text)),
  );
  return [
    productImage({ id: item.id, imageUrl: item.imageUrl, category: item.category }, 'suggestion-thumb'),
    name,
    typeof item.price === 'number' ? h('span', { class: 'suggestion-price', text: formatPrice(item.price, item.currency) }) : null,
  ];
}

export function createSuggest({ input, listbox, api, onChoose }) {
  let options = [];
  let active = -1;
  let timer = null;
  let controller = null;

  function isOpen() {
    return !listbox.hidden;
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  /** Stops pending work too: after a search is submitted, no late answer may reopen the list. */
  function cancel() {
    clearTimeout(timer);
    controller?.abort();
    close();
  }

  /** Drops the options of earlier text, so arrows cannot bring them back. */
  function forget() {
    close();
    clear(listbox);
    options = [];
  }

  function setActive(index) {
    options.forEach((option, i) => option.el.setAttribute('aria-selected', String(i === index)));
    active = index;
    if (index < 0) {
      input.removeAttribute('aria-activedescendant');
      return;
    }
    input.setAttribute('aria-activedescendant', options[index].el.id);
    options[index].el.scrollIntoView({ block: 'nearest' });
  }

  function choose(option) {
    cancel();
    if (option.kind === 'query') input.value = option.text;
    onChoose(option);
  }

  function render(suggestions) {
    clear(listbox);
    options = [];
    for (const group of groups) {
      const items = suggestions[group.key] ?? [];
      if (items.length === 0) continue;
      const labelId = `suggest-group-${group.key}`;
      const groupEl = h(
        'div',
        { role: 'group', 'aria-labelledby': labelId },
        h('div', { id: labelId, class: 'suggestion-group', text: group.label }),
      );
      for (const item of items) {
        const option = { kind: group.kind, id: item.id ?? null, text: item.text };
        option.el = h(
          'div',
          {
            id: `suggestion-${options.length}`,
            role: 'option',
            class: `suggestion suggestion-${group.kind}`,
            'aria-selected': 'false',
            text: group.kind === 'product' ? null : item.text,
            // mousedown, not click: the input must not lose focus (and close the list) first.
            on: {
              mousedown: (event) => {
                event.preventDefault();
                choose(option);
              },
            },
          },
          group.kind === 'product' ? productOption(item) : null,
        );
        groupEl.append(option.el);
        options.push(option);
      }
      listbox.append(groupEl);
    }
    if (options.length === 0) {
      close();
      return;
    }
    active = -1;
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.removeAttribute('aria-activedescendant');
  }

  async function load(text) {
    controller?.abort();
    controller = new AbortController();
    try {
      const suggestions = await api.get('/v1/suggest', { q: text, size: 5 }, { signal: controller.signal });
      if (input.value.trim() === text && document.activeElement === input) render(suggestions);
    } catch (error) {
      // Suggestions are a nicety: on any failure the search box simply works without them.
      if (error.name !== 'AbortError') close();
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text === '') {
      controller?.abort();
      forget();
      return;
    }
    timer = setTimeout(() => load(text.slice(0, 100)), debounceMs);
  });

  input.addEventListener('keydown', (event) => {
    const count = options.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (count === 0) return;
        event.preventDefault();
        if (!isOpen()) {
          listbox.hidden = false;
          input.setAttribute('aria-expanded', 'true');
        }
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive(active < 0 ? (step === 1 ? 0 : count - 1) : (active + step + count) % count);
        return;
      }
      case 'Enter':
        if (isOpen() && active >= 0) {
          event.preventDefault();
          choose(options[active]);
        }
        return;
      case 'Escape':
        event.preventDefault();
        if (isOpen()) close();
        else {
          input.value = '';
          forget();
        }
        return;
      case 'Tab':
        close();
        return;
      default:
    }
  });

  input.addEventListener('blur', close);

  return { cancel };
}
