import { h, clear, formatCount, formatPrice, humanize } from './dom.js';
import { facetDeclarations } from './facet-declarations.js';
import { emptySearch, filterValue, hasFilters, searchUrl, toggled, withFilter } from './state.js';

/**
 * The filter sidebar, redrawn from each search response: the API counts every
 * facet as if its own selection were not made, so shoppers can tick several
 * brands and still see the others' counts. Which facets it shows, in what
 * order, under what title and drawn how (a tree, checkboxes, bands) comes
 * from the facet registry, through facet-declarations.js.
 */

/** Category names seen so far: the names of a trail when the API does not name it (an older API without `category`). */
export const categoryLabels = new Map();

let nextId = 0;

/** Labels read alike whatever the catalogue's case: "red" beside "Nimbus" shows as "Red". */
export function displayLabel(label) {
  const text = String(label);
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/**
 * The order values were first shown in, per list, for the query and category
 * being browsed: the API's order when a list is first drawn, kept while the
 * shopper ticks filters (counts change, positions do not), new values after.
 */
const valueOrder = { scope: null, lists: new Map() };

function stableOrder(scope, list, values) {
  if (valueOrder.scope !== scope) {
    valueOrder.scope = scope;
    valueOrder.lists.clear();
  }
  const known = valueOrder.lists.get(list) ?? [];
  const present = new Map(values.map((v) => [v.value, v]));
  const ordered = [...known.filter((value) => present.has(value)), ...values.map((v) => v.value).filter((value) => !known.includes(value))];
  valueOrder.lists.set(list, [...known, ...ordered.filter((value) => !known.includes(value))]);
  return ordered.map((value) => present.get(value));
}

/** What keeps a list's order: the question asked, not the filters that narrow it. */
const orderScope = (search) => JSON.stringify([search.q, search.category]);

/**
 * The trail from a root to the category viewed: the API's `category.path`
 * when it names the one in the URL (a link may give the leaf alone), else the
 * URL's trail.
 */
export function categoryTrail(search, category) {
  const trail = search.category;
  const path = Array.isArray(category?.path) ? category.path : null;
  if (path && path.length > 0 && path.at(-1).id === trail.at(-1)) {
    for (const c of path) categoryLabels.set(c.id, c.name);
    return path.map((c) => c.id);
  }
  return trail;
}

function countBadge(count) {
  return h('span', { class: 'count', text: formatCount(count) });
}

function checkboxGroup(title, facetName, values, selected, onToggle, scope) {
  const chosen = new Set(selected.map((v) => v.toLowerCase()));
  // A value nothing would match leads nowhere: only a chosen one is kept (below), so it can be undone.
  const shown = stableOrder(
    scope,
    facetName,
    values.filter((v) => v.count > 0 || chosen.has(v.value.toLowerCase())),
  );
  // A selection the current results no longer contain stays visible, so it can be undone.
  for (const value of selected) {
    if (!shown.some((v) => v.value.toLowerCase() === value.toLowerCase())) shown.push({ value, label: value, count: 0 });
  }
  if (shown.length === 0) return null;
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
        h('label', { for: id }, h('span', { class: 'facet-label', text: displayLabel(v.label) }), countBadge(v.count)),
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
        h('input', {
          type: 'radio',
          id,
          name: facetName,
          checked: choice.selected,
          dataset: { facet: facetName, value: choice.value },
          on: { change: () => onPick(choice) },
        }),
        h(
          'label',
          { for: id },
          h('span', { class: 'facet-label', text: choice.label }),
          choice.count === undefined ? null : countBadge(choice.count),
        ),
      );
    }),
  );
}

/** A tree: the trail from a root to the category viewed, as links back up, then its children with their counts. */
function tree(declaration, values = [], search, _onChange, category) {
  for (const v of values) categoryLabels.set(v.value, v.label);
  const trail = declaration.parameter === 'category' ? categoryTrail(search, category) : filterValue(search, declaration.parameter);
  const link = (label, path, extra = {}) =>
    h('a', { href: searchUrl(withFilter(search, declaration.parameter, path)), dataset: { nav: '' }, ...extra, text: label });
  const items = [];
  if (trail.length > 0) {
    items.push(h('li', {}, link(declaration.rootLabel, [])));
    trail.forEach((id, i) => {
      const label = categoryLabels.get(id) ?? humanize(id);
      const isLast = i === trail.length - 1;
      items.push(
        h(
          'li',
          { class: `depth-${i + 1}` },
          isLast ? h('strong', { 'aria-current': 'true', text: label }) : link(label, trail.slice(0, i + 1)),
        ),
      );
    });
  }
  for (const v of values) {
    if (trail.includes(v.value) || v.count === 0) continue;
    items.push(h('li', { class: `depth-${trail.length + 1}` }, link(v.label, [...trail, v.value]), ' ', countBadge(v.count)));
  }
  if (items.length === 0) return [];
  const titleId = `facet-${declaration.name}-title`;
  return [
    h(
      'section',
      { class: 'facet', 'aria-labelledby': titleId },
      h('h2', { id: titleId, class: 'facet-title', text: declaration.title }),
      h('ul', { class: 'category-list' }, items),
    ),
  ];
}

/** Checkboxes, OR-ed; a parameter with `{key}` (attr.{key}) answers one list per key, each titled by its key. */
function checkboxes(declaration, values, search, onChange) {
  const group = (title, parameter, list) => {
    const selected = filterValue(search, parameter);
    return checkboxGroup(
      title,
      parameter,
      list,
      selected,
      (value, on) => onChange(withFilter(search, parameter, toggled(selected, value, on))),
      orderScope(search),
    );
  };
  if (declaration.parameter.includes('{key}')) {
    return Object.entries(values ?? {}).map(([key, list]) => group(humanize(key), declaration.parameter.replace('{key}', key), list));
  }
  return [group(declaration.title, declaration.parameter, values ?? [])];
}

/** How a band's bounds read, by the declaration's `format`: `label(min, max)` with '' for an open end. */
export const bandFormats = {
  price: {
    label: (min, max) => {
      if (min === '' || Number(min) === 0) return max === '' ? 'Any price' : `Up to ${formatPrice(Number(max))}`;
      return max === '' ? `${formatPrice(Number(min))} and up` : `${formatPrice(Number(min))} – ${formatPrice(Number(max))}`;
    },
    value: (band) => band.value,
    // A range typed into the URL (price_min=33) matches no band: it is shown, selected, so it can be undone.
    custom: true,
  },
  stars: {
    label: (min) => `${min}+ stars`,
    value: (_band, from) => from,
  },
};

/** Bounds as the URL gives them ('50', '50.0') are the same bound when they are the same number. */
const sameBound = (a, b) => (a === '' || b === '' ? a === b : Number(a) === Number(b));

/** Radio buttons over bands ("10-25", "1000+", "4+"), each setting the declared bounds; the first choice clears them. */
function bands(declaration, values, search, onChange) {
  const format = bandFormats[declaration.format];
  const current = { min: filterValue(search, declaration.min), max: declaration.max ? filterValue(search, declaration.max) : '' };
  const isCurrent = (min, max) => sameBound(current.min, min) && sameBound(current.max, max);
  const choices = [{ value: '', label: declaration.anyLabel, min: '', max: '', selected: isCurrent('', '') }];
  // A facet with a span beside its bands (price: min, max) answers them under `ranges`.
  for (const band of Array.isArray(values) ? values : (values?.ranges ?? [])) {
    const [from, to = ''] = band.value.replace('+', '-').split('-');
    const min = from === '0' ? '' : from;
    const max = declaration.max ? to : '';
    if (band.count === 0 && !isCurrent(min, max)) continue;
    choices.push({
      value: format.value(band, from),
      label: format.label(from, to),
      count: band.count,
      min,
      max,
      selected: isCurrent(min, max),
    });
  }
  // Exactly one choice is marked: the first band that is the current range, else the range itself.
  const marked = choices.findIndex((c) => c.selected);
  choices.forEach((c, i) => (c.selected = i === marked));
  if (format.custom && marked < 0) {
    choices.push({ value: 'custom', label: format.label(current.min, current.max), min: current.min, max: current.max, selected: true });
  }
  const pick = (choice) => {
    const withMin = withFilter(search, declaration.min, choice.min);
    onChange(declaration.max ? withFilter(withMin, declaration.max, choice.max) : withMin);
  };
  return [radioGroup(declaration.title, declaration.name, choices, pick)];
}

/** The in-stock switch: a filter with nothing to count, drawn between the bands and the attribute lists. */
const availability = { kind: 'availability', position: 50 };

function availabilitySwitch(_declaration, _values, search, onChange) {
  return [
    h(
      'fieldset',
      { class: 'facet' },
      h('legend', { text: 'Availability' }),
      h(
        'div',
        { class: 'facet-option' },
        h('input', {
          type: 'checkbox',
          id: 'facet-in-stock',
          checked: search.inStock,
          dataset: { facet: 'in_stock', value: 'true' },
          on: { change: (e) => onChange({ ...search, inStock: e.target.checked }) },
        }),
        h('label', { for: 'facet-in-stock', text: 'In stock only' }),
      ),
    ),
  ];
}

const drawers = { tree, checkboxes, bands, availability: availabilitySwitch };
const sidebar = [...facetDeclarations, availability].sort((a, b) => a.position - b.position);

/** `category`: the search answer's category (`{id, name, path}`), or null/undefined. */
export function renderFacets(container, { facets, search, onChange, category = null }) {
  // Redrawing replaces the inputs: put the keyboard focus back on the same filter afterwards.
  const focused = document.activeElement?.closest?.('#facets') ? document.activeElement.dataset : null;
  const focusKey = focused?.facet ? { facet: focused.facet, value: focused.value } : null;
  const sections = [
    h('h2', { class: 'visually-hidden', text: 'Filters' }),
    hasFilters(search)
      ? h('a', {
          class: 'clear-filters',
          href: searchUrl({ ...emptySearch, q: search.q, sort: search.sort }),
          dataset: { nav: '' },
          text: 'Clear all filters',
        })
      : null,
    ...sidebar.flatMap((declaration) => drawers[declaration.kind](declaration, facets[declaration.name], search, onChange, category)),
  ];
  clear(container).append(...sections.filter(Boolean));
  if (focusKey) {
    const selector = `input[data-facet="${CSS.escape(focusKey.facet)}"][data-value="${CSS.escape(focusKey.value)}"]`;
    container.querySelector(selector)?.focus();
  }
}
