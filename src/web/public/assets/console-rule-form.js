import { h } from './dom.js';
import { isoToLocal, localToIso, zoneLabel } from './dates.js';
import { clearErrors } from './form-errors.js';
import { joinList, numberValue, optionalList, optionalText, splitLines } from './form-values.js';
import { actionEditor, actionTypes } from './console-rule-actions.js';

/**
 * The rule editor (`#rule-form` in console.html): conditions are fixed
 * inputs, actions a list of editors (console-rule-actions.js) added and removed at
 * will. Every input's `data-path` is the API's own field path, kept right as
 * actions come and go, so the API's 400 can point at it.
 */
export function createRuleForm(form, ctx = null) {
  const $ = (selector) => form.querySelector(selector);
  const inputs = {
    name: $('#rule-name'),
    tags: $('#rule-tags'),
    priority: $('#rule-priority'),
    enabled: $('#rule-enabled'),
    match: $('#rule-query-match'),
    values: $('#rule-query-values'),
    category: $('#rule-category'),
    descendants: $('#rule-category-descendants'),
    contexts: $('#rule-contexts'),
    startsAt: $('#rule-starts-at'),
    endsAt: $('#rule-ends-at'),
  };
  const actionsList = $('#rule-actions');
  const addType = $('#new-action-type');
  let editors = [];
  /** `{id, version}` of the stored rule being edited; null for a new rule. */
  let editing = null;

  addType.append(...actionTypes.map(([value, label]) => h('option', { value, text: label })));
  $('#rule-zone').textContent = zoneLabel();

  function renumber() {
    editors.forEach((editor, i) => {
      editor.setNumber(i + 1);
      for (const el of editor.element.querySelectorAll('[data-field]'))
        el.dataset.path = el.dataset.field === '' ? `actions[${i}]` : `actions[${i}].${el.dataset.field}`;
    });
    $('#rule-actions-empty').hidden = editors.length > 0;
  }

  function addAction(type, action) {
    const editor = actionEditor(type, action, {
      ctx,
      changed: renumber,
      onRemove() {
        const at = editors.indexOf(editor);
        editors.splice(at, 1);
        renumber();
        // Focus stays in the list: on the action that took its place, or on the control that adds one.
        if (editors[Math.min(at, editors.length - 1)]) editors[Math.min(at, editors.length - 1)].focus();
        else addType.focus();
      },
    });
    editors.push(editor);
    actionsList.append(editor.element);
    renumber();
    return editor;
  }
  $('#add-action').addEventListener('click', () => addAction(addType.value).focus());

  function fill(rule) {
    const c = rule?.conditions ?? {};
    inputs.name.value = rule?.name ?? '';
    inputs.tags.value = joinList(rule?.tags);
    inputs.priority.value = String(rule?.priority ?? 0);
    inputs.enabled.checked = rule?.enabled ?? true;
    inputs.match.value = c.query?.match ?? 'is';
    inputs.values.value = joinList(c.query?.values, '\n');
    inputs.category.value = c.category?.id ?? '';
    inputs.descendants.checked = c.category?.includeDescendants ?? true;
    inputs.contexts.value = joinList(c.contexts);
    inputs.startsAt.value = isoToLocal(c.startsAt);
    inputs.endsAt.value = isoToLocal(c.endsAt);
    actionsList.replaceChildren();
    editors = [];
    for (const action of rule?.actions ?? []) addAction(action.type, action);
    renumber();
  }

  /** The rule as the API takes it; throws FormError for what cannot be sent at all (JSON that does not parse, a number that is not one). */
  function read() {
    const conditions = {};
    // One per line: a query may hold a comma ("men's shoes, 42").
    const values = splitLines(inputs.values.value);
    if (values.length > 0) conditions.query = { match: inputs.match.value, values };
    const category = optionalText(inputs.category.value);
    if (category !== undefined) conditions.category = { id: category, includeDescendants: inputs.descendants.checked };
    const contexts = optionalList(inputs.contexts.value);
    if (contexts !== undefined) conditions.contexts = contexts;
    const startsAt = localToIso(inputs.startsAt.value);
    if (startsAt !== undefined) conditions.startsAt = startsAt;
    const endsAt = localToIso(inputs.endsAt.value);
    if (endsAt !== undefined) conditions.endsAt = endsAt;
    return {
      name: inputs.name.value.trim(),
      enabled: inputs.enabled.checked,
      priority: numberValue(inputs.priority) ?? 0,
      conditions,
      actions: editors.map((editor) => editor.read()),
      tags: optionalList(inputs.tags.value) ?? [],
    };
  }

  return {
    /** Opens the editor on a stored rule (with its id and version) or, given null, on a new one. */
    open(rule) {
      editing = rule ? { id: rule.id, version: rule.version, name: rule.name } : null;
      clearErrors(form);
      fill(rule);
      $('#rule-form-heading').textContent = rule ? `Edit rule “${rule.name}”` : 'New rule';
      $('#rule-version').textContent = rule
        ? `Version ${rule.version}, last saved ${new Date(rule.updatedAt).toLocaleString()}.`
        : 'Not saved yet.';
    },
    read,
    editing: () => editing,
  };
}
