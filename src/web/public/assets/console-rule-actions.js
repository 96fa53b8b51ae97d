import { h } from './dom.js';
import { field, FormError, inputOf, numberInput, select, textArea, textInput, valueOf } from './form-fields.js';
import { attachProductPicker } from './console-product-picker.js';
import { formatAttributes, joinList, numberValue, optionalList, optionalText, parseAttributes } from './form-values.js';

/**
 * One editor per kind of rule action, each a fieldset that can fill itself
 * from an action and read one back, in exactly the API's shape
 * (src/merchandising/schemas.ts). Unset optional values are left out.
 */

export const actionTypes = [
  ['pin', 'Pin products to positions'],
  ['boost', 'Boost products'],
  ['bury', 'Bury products'],
  ['hide', 'Hide products'],
  ['filter', 'Show only some products'],
  ['rewrite', 'Search for something else'],
  ['redirect', 'Redirect to a page'],
  ['banner', 'Show a banner'],
  ['data', 'Send data to the storefront'],
];
const typeLabel = new Map(actionTypes);

/** Pins: rows of product and position, as many as needed. */
function pinFields(action, changed, ctx) {
  const rows = h('ol', { class: 'pin-rows' });
  const renumber = () => {
    [...rows.children].forEach((row, j) => {
      row.querySelector('[data-role="product"]').dataset.field = `pins[${j}].productId`;
      row.querySelector('[data-role="position"]').dataset.field = `pins[${j}].position`;
      row.querySelector('[data-role="remove"]').setAttribute('aria-label', `Remove pin ${j + 1}`);
    });
    changed();
  };
  const addRow = (pin = {}) => {
    const row = h('li', { class: 'pin-row' });
    const product = textInput('', pin.productId, { dataset: { role: 'product' }, placeholder: 'Type a product name' });
    const position = numberInput('', pin.position ?? rows.children.length + 1, {
      dataset: { role: 'position' },
      min: 1,
      max: 100,
      step: 1,
      inputmode: 'numeric',
    });
    const remove = h('button', { type: 'button', class: 'button small', dataset: { role: 'remove' }, text: 'Remove pin' });
    remove.addEventListener('click', () => {
      const next = row.nextElementSibling ?? row.previousElementSibling;
      row.remove();
      renumber();
      (next?.querySelector('input') ?? add).focus();
    });
    row.append(field('Product', product, { className: 'grow' }), field('Position', position, { className: 'narrow' }), remove);
    rows.append(row);
    if (ctx) attachProductPicker(product, { ctx });
    renumber();
    return product;
  };
  const add = h('button', { type: 'button', class: 'button small', text: 'Add a pin' });
  add.addEventListener('click', () => addRow().focus());
  for (const pin of action?.pins ?? [{}]) addRow(pin);
  return {
    elements: [h('div', { class: 'pins', dataset: { field: 'pins' } }, rows), add],
    read: () => ({
      pins: [...rows.children].map((row) => ({
        productId: row.querySelector('[data-role="product"]').value.trim(),
        position: numberValue(row.querySelector('[data-role="position"]')),
      })),
    }),
    focusable: () => rows.querySelector('input') ?? add,
  };
}

/** Which products a boost, bury or filter applies to: every key given must match. */
function productFilterFields(filter = {}) {
  const group = h(
    'fieldset',
    { class: 'subgroup', dataset: { field: 'filter' } },
    h('legend', { text: 'Products (every line filled in must match)' }),
    field('Brand ids', textInput('filter.brandIds', joinList(filter.brandIds)), { hint: 'Comma-separated, e.g. nimbus, stride' }),
    field('Category ids', textInput('filter.categoryIds', joinList(filter.categoryIds)), {
      hint: 'A category includes everything below it.',
    }),
    field('Merchant ids', textInput('filter.merchantIds', joinList(filter.merchantIds))),
    field('Attributes', textArea('filter.attributes', formatAttributes(filter.attributes)), {
      hint: 'One per line, e.g. colour: red, blue',
    }),
    h(
      'div',
      { class: 'field-row' },
      field('Price from', numberInput('filter.price.min', filter.price?.min, { min: 0 }), { className: 'narrow' }),
      field('Price to', numberInput('filter.price.max', filter.price?.max, { min: 0 }), { className: 'narrow' }),
    ),
  );
  const read = (root) => {
    const out = {
      brandIds: optionalList(valueOf(root, 'filter.brandIds')),
      categoryIds: optionalList(valueOf(root, 'filter.categoryIds')),
      merchantIds: optionalList(valueOf(root, 'filter.merchantIds')),
      attributes: parseAttributes(valueOf(root, 'filter.attributes')),
    };
    const min = numberValue(inputOf(root, 'filter.price.min'));
    const max = numberValue(inputOf(root, 'filter.price.max'));
    if (min !== undefined || max !== undefined) out.price = { min, max };
    return { filter: out };
  };
  return { group, read };
}

function weightedFilterFields(action, hint) {
  const filter = productFilterFields(action?.filter);
  return {
    elements: [filter.group, field('Weight', numberInput('weight', action?.weight, { min: 0.01 }), { hint, className: 'narrow' })],
    read: (root) => ({ ...filter.read(root), weight: numberValue(inputOf(root, 'weight')) }),
  };
}

function bannerFields(action) {
  const b = action?.banner ?? {};
  return {
    elements: [
      field('Title', textInput('banner.title', b.title)),
      field('Text', textArea('banner.text', b.text)),
      field('Image URL', textInput('banner.imageUrl', b.imageUrl, { type: 'url' }), {
        hint: 'https://… or a path on the storefront such as /img/sale.png',
      }),
      field('Link URL', textInput('banner.linkUrl', b.linkUrl, { type: 'url' })),
      field(
        'Placement',
        select(
          'banner.placement',
          [
            ['top', 'Above the results'],
            ['inline', 'Among the results'],
            ['bottom', 'Below the results'],
          ],
          b.placement ?? 'top',
        ),
        { className: 'narrow' },
      ),
    ],
    read: (root) => ({
      banner: {
        title: valueOf(root, 'banner.title').trim(),
        // As typed (leading spaces, line breaks and all); only a blank text is left out.
        text: valueOf(root, 'banner.text').trim() === '' ? undefined : valueOf(root, 'banner.text'),
        imageUrl: optionalText(valueOf(root, 'banner.imageUrl')),
        linkUrl: optionalText(valueOf(root, 'banner.linkUrl')),
        placement: valueOf(root, 'banner.placement'),
      },
    }),
  };
}

function dataFields(action) {
  const area = textArea('data', action?.data ? JSON.stringify(action.data, null, 2) : '{\n  \n}', { rows: 4, class: 'code' });
  return {
    elements: [field('JSON object', area, { hint: 'Handed to the storefront with the results, e.g. {"layout": "grid"}' })],
    read: () => {
      try {
        return { data: JSON.parse(area.value) };
      } catch {
        throw new FormError(area.dataset.path, 'This is not valid JSON.');
      }
    },
  };
}

const builders = {
  pin: pinFields,
  hide: (a, _changed, ctx) => {
    const ids = textArea('productIds', joinList(a?.productIds));
    const finder = h('input', { type: 'search', spellcheck: 'false', placeholder: 'Type a product name' });
    const finderField = field('Find a product to hide', finder, { hint: 'Picking one adds its id to the list above.' });
    const elements = [field('Product ids', ids, { hint: 'Comma-separated or one per line.' }), finderField];
    return {
      elements,
      /** The picker needs its field in place, so it is attached once the editor is built. */
      attach: () =>
        ctx &&
        attachProductPicker(finder, {
          ctx,
          clearOnPick: true,
          onPick: (product) => {
            const list = optionalList(ids.value) ?? [];
            if (!list.includes(product.id)) ids.value = joinList([...list, product.id]);
            ctx.announce(`“${product.title}” added to the hidden products.`);
          },
        }),
      read: (root) => ({ productIds: optionalList(valueOf(root, 'productIds')) ?? [] }),
    };
  },
  boost: (a) => weightedFilterFields(a, '0.01–10: their scores × (1 + weight).'),
  bury: (a) => weightedFilterFields(a, '0.01–1: their scores × (1 − weight).'),
  filter: (a) => {
    const filter = productFilterFields(a?.filter);
    return { elements: [filter.group], read: filter.read };
  },
  rewrite: (a) => ({
    elements: [field('Search for', textInput('query', a?.query))],
    read: (root) => ({ query: valueOf(root, 'query').trim() }),
  }),
  redirect: (a) => ({
    elements: [field('URL', textInput('url', a?.url, { type: 'url' }), { hint: 'https://… or a storefront path such as /sale' })],
    read: (root) => ({ url: valueOf(root, 'url').trim() }),
  }),
  banner: bannerFields,
  data: dataFields,
};

/**
 * An action's editor: `{element, read(), focus()}`. `onRemove` is called
 * after the element left the list; `changed` when its inputs were renumbered.
 */
export function actionEditor(type, action, { onRemove, changed, ctx }) {
  const parts = builders[type](action, changed, ctx);
  const legend = h('legend', { text: typeLabel.get(type) ?? type });
  const remove = h('button', { type: 'button', class: 'button small', text: 'Remove action' });
  const fieldset = h(
    'fieldset',
    { class: 'action', dataset: { field: '', type } },
    legend,
    ...parts.elements,
    h('div', { class: 'action-buttons' }, remove),
  );
  const element = h('li', {}, fieldset);
  parts.attach?.();
  remove.addEventListener('click', () => {
    element.remove();
    onRemove(element);
  });
  return {
    element,
    type,
    /** "Action 2: Pin products to positions", so the list reads well. */
    setNumber(n) {
      legend.textContent = `Action ${n}: ${typeLabel.get(type) ?? type}`;
      remove.setAttribute('aria-label', `Remove action ${n}`);
    },
    read: () => ({ type, ...parts.read(fieldset) }),
    focus: () => (parts.focusable?.() ?? fieldset.querySelector('input, select, textarea'))?.focus(),
  };
}
