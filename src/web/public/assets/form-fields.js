import { h, uniqueId } from './dom.js';

/**
 * Labelled inputs for the console's forms. Every input carries `data-field`,
 * its path inside the thing it edits (`pins[0].productId`); the form turns
 * that into the API's full path (`data-path`, `actions[2].pins[0].productId`)
 * so an error the API names can be shown beside it (form-errors.js).
 */

/** A labelled control with an optional hint, wrapped in `.field` (where its error will appear). */
export function field(label, control, { hint, className = '' } = {}) {
  control.id ||= uniqueId('f');
  const hintEl = hint ? h('p', { class: 'hint', id: `${control.id}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const checkbox = control.type === 'checkbox';
  const labelEl = h('label', { for: control.id, text: label });
  return h(
    'div',
    { class: `field${checkbox ? ' checkbox' : ''} ${className}`.trim() },
    checkbox ? [control, labelEl] : [labelEl, control],
    hintEl,
  );
}

export function textInput(dataField, value = '', { dataset, ...attrs } = {}) {
  return h('input', {
    type: 'text',
    value: value ?? '',
    spellcheck: 'false',
    autocomplete: 'off',
    ...attrs,
    dataset: { field: dataField, ...dataset },
  });
}

export function numberInput(dataField, value, { dataset, ...attrs } = {}) {
  return h('input', {
    type: 'number',
    value: value ?? '',
    inputmode: 'decimal',
    step: 'any',
    ...attrs,
    dataset: { field: dataField, ...dataset },
  });
}

export function textArea(dataField, value = '', { dataset, ...attrs } = {}) {
  const area = h('textarea', { rows: 2, spellcheck: 'false', ...attrs, dataset: { field: dataField, ...dataset } });
  area.value = value ?? '';
  return area;
}

export function select(dataField, options, value) {
  const el = h(
    'select',
    { dataset: { field: dataField } },
    options.map(([v, label]) => h('option', { value: v, text: label })),
  );
  if (value !== undefined) el.value = value;
  return el;
}

export function checkbox(dataField, checked) {
  return h('input', { type: 'checkbox', dataset: { field: dataField }, checked: Boolean(checked) });
}

/** An input by its data-field, inside `root`. */
export function inputOf(root, dataField) {
  return root.querySelector(`[data-field="${dataField}"]`);
}

/** An input's value by its data-field, inside `root`. */
export function valueOf(root, dataField) {
  const el = inputOf(root, dataField);
  if (!el) return '';
  return el.type === 'checkbox' ? el.checked : el.value;
}

/** A problem the console finds before asking the API (text that is not JSON), shown like the API's own. */
export class FormError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
    this.status = 400;
    this.code = 'VALIDATION_FAILED';
  }
}
