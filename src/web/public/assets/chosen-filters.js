import { h, clear, humanize } from './dom.js';
import { facetDeclarations } from './facet-declarations.js';
import { bandFormats, categoryLabels, categoryTrail, displayLabel } from './facets.js';
import { emptySearch, filterValue, withFilter } from './state.js';

/**
 * The filters a shopper chose, one per chip: what it reads and the search
 * without it. Names come from the search answer (facet labels, the category's
 * name), so a chip says "Brand: Nimbus", not "brand=nimbus". Its order is the
 * sidebar's.
 */
export function chosenFilters(search, { facets = {}, category = null } = {}) {
  const chips = [];
  const labelOf = (list, value) => {
    const found = (Array.isArray(list) ? list : []).find((v) => v.value.toLowerCase() === value.toLowerCase());
    return displayLabel(found?.label ?? value);
  };
  for (const declaration of [...facetDeclarations].sort((a, b) => a.position - b.position)) {
    const values = facets[declaration.name];
    if (declaration.kind === 'tree') {
      const trail = categoryTrail(search, category);
      const leaf = trail.at(-1);
      if (leaf) {
        const name = (category?.id === leaf ? category.name : null) ?? categoryLabels.get(leaf) ?? humanize(leaf);
        chips.push({
          key: `${declaration.parameter}=${leaf}`,
          text: `${declaration.title}: ${name}`,
          next: withFilter(search, declaration.parameter, []),
        });
      }
    } else if (declaration.kind === 'checkboxes') {
      const parameters = declaration.parameter.includes('{key}')
        ? Object.keys(search.attrs ?? {}).map((key) => ({
            parameter: declaration.parameter.replace('{key}', key),
            title: humanize(key),
            list: values?.[key],
          }))
        : [{ parameter: declaration.parameter, title: declaration.title, list: values }];
      for (const { parameter, title, list } of parameters) {
        const selected = filterValue(search, parameter);
        for (const value of selected) {
          chips.push({
            key: `${parameter}=${value}`,
            text: `${title}: ${labelOf(list, value)}`,
            next: withFilter(
              search,
              parameter,
              selected.filter((v) => v !== value),
            ),
          });
        }
      }
    } else if (declaration.kind === 'bands') {
      const min = filterValue(search, declaration.min);
      const max = declaration.max ? filterValue(search, declaration.max) : '';
      if (min !== '' || max !== '') {
        const cleared = withFilter(search, declaration.min, '');
        chips.push({
          key: `${declaration.name}=${min}-${max}`,
          text: `${declaration.title}: ${bandFormats[declaration.format].label(min, max)}`,
          next: declaration.max ? withFilter(cleared, declaration.max, '') : cleared,
        });
      }
    }
  }
  if (search.inStock) chips.push({ key: 'in_stock', text: 'In stock only', next: { ...search, inStock: false } });
  return chips;
}

/** The row of chips above the results: each removes its filter in one click; "Clear all" removes them all. */
export function renderChosenFilters(container, chips, search, onChange) {
  clear(container);
  container.hidden = chips.length === 0;
  if (chips.length === 0) return;
  container.append(
    h('h2', { class: 'visually-hidden', text: 'Chosen filters' }),
    h(
      'ul',
      { class: 'chips' },
      chips.map((chip) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'chip',
              dataset: { chip: chip.key },
              'aria-label': `Remove filter ${chip.text}`,
              on: { click: () => onChange(chip.next) },
            },
            h('span', { text: chip.text }),
            h('span', { class: 'chip-x', 'aria-hidden': 'true', text: '×' }),
          ),
        ),
      ),
      h(
        'li',
        {},
        h('button', {
          type: 'button',
          class: 'link-button clear-all',
          text: 'Clear all',
          on: { click: () => onChange({ ...emptySearch, q: search.q, sort: search.sort }) },
        }),
      ),
    ),
  );
}
