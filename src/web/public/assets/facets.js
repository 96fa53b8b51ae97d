import { h, clear, formatCount, formatPrice, humanize } from './dom.js';
import { emptySearch, hasFilters, searchUrl, toggled } from './state.js';

/**
 * The filter sidebar, redrawn from each search response: the API counts every
 * facet as if its own selection were not made, so shoppers can tick several
 * brands and still see the others' counts.
 */

/** Category names seen so far, for the breadcrumb of the category being viewed. */
export const categoryLabels = new Map();

let nextId = 0;

function countBadge(count) {
  return h('span', { class: 'count', text: formatCount(count) });
}

function checkboxGroup(title, facetName, values, selected, onToggle) {
  if (values.length === 0) return null;
  const chosen = new Set(selected.map((v) => v.toLowerCase()));
  const shown = [...values];
  // A selection the current results no longer contain stays visible, so it can be undone.
  for (const value of selected) {
    if (!shown.some((v) => v.value.toLowerCase() === value.toLowerCase())) shown.push({ value, label: value, count: 0 });
  }
  return h(
    'fieldset',
    { class: 'facet' },
    h('legend', { text: title }),
    shown.map((v) => {
      const id = `facet-${nextId++}`;
      return h(
        'div',
        { class: 'facet-option' },
        h('input', {
          type: 'checkbox',
          id,
          checked: chosen.has(v.value.toLowerCase()),
          dataset: { facet: facetName, value: v.value },
          on: { change: (event) => onToggle(v.value, event.target.checked) },
        }),
        h('label', { for: id }, h('span', { class: 'facet-label', text: v.label }), countBadge(v.count)),
      );
    }),
  );
}

function radioGroup(title, facetName, choices, onPick) {
  if (choices.length <= 1) return null;
  return h(
    'fieldset',
    { class: 'facet' },
    h('legend', { text: title }),
    choices.map((choice) => {
      const id = `facet-${nextId++}`;
      return h(
        'div',
        { class: 'facet-option' },
        h('input', { type: 'radio', id, name: facetName, checked: choice.selected, dataset: { facet: facetName, value: choice.value }, on: { change: () => onPick(choice) } }),
        h('label', { for: id }, h('span', { class: 'facet-label', text: choice.label }), choice.count === undefined ? null : countBadge(choice.count)),
      );
    }),
  );
}

function categorySection(values, search) {
  for (const v of values) categoryLabels.set(v.value, v.label);
  const trail = search.category;
  const link = (label, category, extra = {}) => h('a', { href: searchUrl({ ...search, category }), dataset: { nav: '' }, ...extra, text: label });
  const items = [];
  if (trail.length > 0) {
    items.push(h('li', {}, link('All categories', [])));
    trail.forEach((id, i) => {
      const label = categoryLabels.get(id) ?? humanize(id);
      const isLast = i === trail.length - 1;
      items.push(h('li', { class: `depth-${i + 1}` }, isLast ? h('strong', { 'aria-current': 'true', text: label }) : link(label, trail.slice(0, i + 1))));
    });
  }
  for (const v of values) {
    if (trail.includes(v.value)) continue;
    items.push(h('li', { class: `depth-${trail.length + 1}` }, link(v.label, [...trail, v.value]), ' ', countBadge(v.count)));
  }
  if (items.length === 0) return null;
  return h('section', { class: 'facet', 'aria-labelledby': 'facet-category-title' }, h('h2', { id: 'facet-category-title', class: 'facet-title', text: 'Category' }), h('ul', { class: 'category-list' }, items));
}

function priceChoices(price, search) {
  const choices = [{ value: '', label: 'Any price', min: '', max: '', selected: search.priceMin === '' && search.priceMax === '' }];
  for (const range of price?.ranges ?? []) {
    const [from, to] = range.value.replace('+', '-').split('-');
    const min = from === '0' ? '' : from;
    const max = to ?? '';
    const label = max === '' ? `${formatPrice(Number(from))} and up` : `${formatPrice(Number(from))} – ${formatPrice(Number(to))}`;
    choices.push({ value: range.value, label, count: range.count, min, max, selected: search.priceMin === min && search.priceMax === max });
  }
  if (!choices.some((c) => c.selected)) {
    choices.push({ value: 'custom', label: `${search.priceMin || '0'} – ${search.priceMax || 'any'}`, min: search.priceMin, max: search.priceMax, selected: true });
  }
  return choices;
}

function ratingChoices(rating, search) {
  return [
    { value: '', label: 'Any rating', selected: search.ratingMin === '' },
    ...(rating ?? []).map((r) => {
      const min = r.value.replace('+', '');
      return { value: min, label: `${min}+ stars`, count: r.count, selected: search.ratingMin === min };
    }),
  ];
}

export function renderFacets(container, { facets, search, onChange }) {
  // Redrawing replaces the inputs: put the keyboard focus back on the same filter afterwards.
  const focused = document.activeElement?.closest?.('#facets') ? document.activeElement.dataset : null;
  const focusKey = focused?.facet ? { facet: focused.facet, value: focused.value } : null;
  const set = (patch) => onChange({ ...search, ...patch });
  const setAttribute = (key) => (value, on) => {
    const attrs = { ...search.attrs, [key]: toggled(search.attrs[key] ?? [], value, on) };
    if (attrs[key].length === 0) delete attrs[key];
    set({ attrs });
  };
  const inStock = h(
    'fieldset',
    { class: 'facet' },
    h('legend', { text: 'Availability' }),
    h(
      'div',
      { class: 'facet-option' },
      h('input', { type: 'checkbox', id: 'facet-in-stock', checked: search.inStock, dataset: { facet: 'in_stock', value: 'true' }, on: { change: (e) => set({ inStock: e.target.checked }) } }),
      h('label', { for: 'facet-in-stock', text: 'In stock only' }),
    ),
  );
  const sections = [
    h('h2', { class: 'visually-hidden', text: 'Filters' }),
    hasFilters(search) ? h('a', { class: 'clear-filters', href: searchUrl({ ...emptySearch, q: search.q, sort: search.sort }), dataset: { nav: '' }, text: 'Clear all filters' }) : null,
    categorySection(facets.category ?? [], search),
    checkboxGroup('Brand', 'brand', facets.brand ?? [], search.brand, (value, on) => set({ brand: toggled(search.brand, value, on) })),
    radioGroup('Price', 'price', priceChoices(facets.price, search), (c) => set({ priceMin: c.min, priceMax: c.max })),
    radioGroup('Rating', 'rating', ratingChoices(facets.rating, search), (c) => set({ ratingMin: c.value })),
    inStock,
    ...Object.entries(facets.attributes ?? {}).map(([key, values]) => checkboxGroup(humanize(key), `attr.${key}`, values, search.attrs[key] ?? [], setAttribute(key))),
    checkboxGroup('Seller', 'merchant', facets.merchant ?? [], search.merchant, (value, on) => set({ merchant: toggled(search.merchant, value, on) })),
  ];
  clear(container).append(...sections.filter(Boolean));
  if (focusKey) {
    const selector = `input[data-facet="${CSS.escape(focusKey.facet)}"][data-value="${CSS.escape(focusKey.value)}"]`;
    container.querySelector(selector)?.focus();
  }
}
