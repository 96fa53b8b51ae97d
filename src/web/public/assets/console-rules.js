import { h, clear, byId } from './dom.js';
import { clearErrors, showFieldError, showFormAlert } from './form-errors.js';
import { FormError } from './form-fields.js';
import { createRuleForm } from './console-rule-form.js';
import { isoToLocal } from './dates.js';
import { productIdsOf, summarizeActions, summarizeConditions } from './console-summaries.js';
import { thumbnail } from './console-products.js';
import { createRulePreview } from './console-rule-preview.js';
import { visuallyEditable } from './console-visual.js';

/**
 * Ranking rules: the list (with enable/disable and delete in place) and the
 * editor. Saving sends the version the editor was opened at, so a rule
 * someone else changed meanwhile is a 409 explained here, not overwritten.
 */
export function createRulesView(ctx) {
  const listPanel = byId('rules-list-panel');
  const listBox = byId('rules-list');
  const form = byId('rule-form');
  const newButton = byId('new-rule');
  const ruleForm = createRuleForm(form, ctx);
  const saveButtons = [...form.querySelectorAll('button')];

  /** The definition the API takes, from a rule as it returns it. */
  const definition = (rule) => ({
    name: rule.name,
    enabled: rule.enabled,
    priority: rule.priority,
    conditions: rule.conditions,
    actions: rule.actions,
    tags: rule.tags ?? [],
  });

  const searchInput = byId('rules-search');
  const bulkBar = byId('rules-bulk');
  let shown = { rules: [], total: 0, names: new Map() };

  async function load() {
    listBox.setAttribute('aria-busy', 'true');
    try {
      const { rules, total } = await ctx.api.get('/v1/merchandising/rules', { limit: 500 });
      // Products are named by their titles; a failure to name them leaves the ids, not an empty list.
      const names = await ctx.products.load(rules.flatMap((r) => productIdsOf(r.actions))).catch(() => new Map());
      shown = { rules, total, names };
      renderList(rules, total, names);
    } catch (error) {
      if (!ctx.failed(error)) clear(listBox).append(h('p', { class: 'error', text: `The rules could not be loaded: ${error.message}` }));
    } finally {
      listBox.setAttribute('aria-busy', 'false');
    }
  }

  /** Words a search of the list looks in: the name, the conditions and the actions as the list reads them. */
  const searchable = (rule, nameOf) =>
    `${rule.name} ${(rule.tags ?? []).map((t) => `#${t} ${t}`).join(' ')} ${summarizeConditions(rule.conditions)} ${summarizeActions(rule.actions, nameOf)} ${productIdsOf(rule.actions).join(' ')}`.toLowerCase();

  function renderList(rules, total, names = new Map()) {
    bulkBar.hidden = rules.length === 0;
    if (rules.length === 0) {
      clear(listBox).append(h('p', { class: 'empty', text: 'No rules yet. “New rule” creates one.' }));
      return;
    }
    const nameOf = (id) => names.get(id)?.title ?? id;
    const words = searchInput.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const matching = rules.filter((rule) => words.every((w) => searchable(rule, nameOf).includes(w)));
    if (matching.length === 0) {
      clear(listBox).append(h('p', { class: 'empty', text: `No rule matches “${searchInput.value.trim()}”.` }));
      return;
    }
    const rows = matching.map((rule) => {
      const buttons = [
        h('button', {
          type: 'button',
          class: 'button small',
          dataset: { act: 'edit' },
          'aria-label': `Edit rule “${rule.name}”`,
          text: 'Edit',
          on: { click: () => openEditor(rule) },
        }),
        visuallyEditable(rule)
          ? h('button', {
              type: 'button',
              class: 'button small',
              dataset: { act: 'visual' },
              'aria-label': `Visual editor for rule “${rule.name}”`,
              text: 'Visual',
              on: { click: () => ctx.editVisually(rule) },
            })
          : null,
        h('button', {
          type: 'button',
          class: 'button small',
          dataset: { act: 'toggle' },
          'aria-label': `${rule.enabled ? 'Disable' : 'Enable'} rule “${rule.name}”`,
          text: rule.enabled ? 'Disable' : 'Enable',
          on: { click: (event) => toggle(rule, event.currentTarget) },
        }),
        h('button', {
          type: 'button',
          class: 'button small',
          dataset: { act: 'history' },
          'aria-label': `History of rule “${rule.name}”`,
          text: 'History',
          on: { click: () => ctx.openHistory({ entity: 'rule', id: rule.id, label: `rule “${rule.name}”` }) },
        }),
        h('button', {
          type: 'button',
          class: 'button small',
          dataset: { act: 'duplicate' },
          'aria-label': `Duplicate rule “${rule.name}”`,
          text: 'Duplicate',
          on: { click: () => duplicate(rule) },
        }),
        h('button', {
          type: 'button',
          class: 'button small danger',
          dataset: { act: 'delete' },
          'aria-label': `Delete rule “${rule.name}”`,
          text: 'Delete',
          on: { click: () => remove(rule) },
        }),
      ];
      const products = productIdsOf(rule.actions).slice(0, 4);
      return h(
        'tr',
        { dataset: { id: rule.id } },
        h(
          'td',
          { class: 'select-cell' },
          h('input', { type: 'checkbox', class: 'rule-select', value: rule.id, 'aria-label': `Select rule “${rule.name}”` }),
        ),
        h(
          'th',
          { scope: 'row', dataset: { label: 'Rule' } },
          h('span', { text: rule.name }),
          (rule.tags ?? []).length > 0
            ? h(
                'span',
                { class: 'rule-tags' },
                rule.tags.map((tag) =>
                  h('button', {
                    type: 'button',
                    class: 'tag',
                    'aria-label': `Show rules tagged ${tag}`,
                    text: `#${tag}`,
                    on: {
                      click: () => {
                        searchInput.value = `#${tag}`;
                        renderList(shown.rules, shown.total, shown.names);
                        searchInput.focus();
                      },
                    },
                  }),
                ),
              )
            : null,
        ),
        h(
          'td',
          { dataset: { label: 'Status' } },
          h('span', { class: `badge ${rule.enabled ? 'on' : 'off'}`, text: rule.enabled ? 'Enabled' : 'Disabled' }),
        ),
        h('td', { class: 'number', dataset: { label: 'Priority' }, text: rule.priority }),
        h('td', { dataset: { label: 'When' }, text: summarizeConditions(rule.conditions) }),
        h(
          'td',
          { dataset: { label: 'Then' } },
          products.length > 0
            ? h(
                'span',
                { class: 'rule-thumbs' },
                products.map((id) => thumbnail(names.get(id) ?? { id, title: id })),
              )
            : null,
          h('span', { class: 'rule-actions-text', text: summarizeActions(rule.actions, nameOf) }),
        ),
        h('td', { class: 'row-buttons' }, buttons),
      );
    });
    const head = [
      h('th', { scope: 'col', class: 'select-cell' }, h('span', { class: 'visually-hidden', text: 'Select' })),
      ...['Rule', 'Status', 'Priority', 'When', 'Then', 'Change'].map((t) =>
        h('th', { scope: 'col', class: t === 'Priority' ? 'number' : null, text: t }),
      ),
    ];
    const table = h(
      'table',
      { class: 'data-table cards rules-table' },
      h('caption', { class: 'visually-hidden', text: `Ranking rules: ${matching.length} shown of ${total}` }),
      h('thead', {}, h('tr', {}, head)),
      h('tbody', {}, rows),
    );
    clear(listBox).append(table);
    if (rules.length < total) listBox.append(h('p', { class: 'muted', text: `Showing the first ${rules.length} of ${total} rules.` }));
  }

  /** After the list is redrawn, the keyboard goes back to the same button of the same rule. */
  function focusRow(id, act) {
    const row = id ? listBox.querySelector(`tr[data-id="${CSS.escape(id)}"]`) : null;
    (row?.querySelector(`[data-act="${act}"]`) ?? newButton).focus();
  }

  async function toggle(rule, button) {
    // One request at a time: a second click would send the same version again and read as someone else's change (409).
    if (button.disabled) return;
    button.disabled = true;
    try {
      const saved = await ctx.api.put(`/v1/merchandising/rules/${rule.id}`, {
        ...definition(rule),
        enabled: !rule.enabled,
        version: rule.version,
      });
      ctx.announce(saved.enabled ? `Rule “${saved.name}” enabled: it applies on the storefront now.` : `Rule “${saved.name}” disabled.`);
    } catch (error) {
      if (ctx.failed(error)) {
        button.disabled = false;
        return;
      }
      ctx.announce(
        error.status === 409
          ? `Rule “${rule.name}” was changed by someone else meanwhile: the list now shows their version; try again.`
          : `Not changed: ${error.message}`,
      );
    }
    await load();
    focusRow(rule.id, 'toggle');
  }

  /** A copy to start from: disabled, so it changes nothing until it is looked at and enabled. */
  async function duplicate(rule) {
    try {
      const copy = await ctx.api.post('/v1/merchandising/rules', {
        ...definition(rule),
        name: `${rule.name} (copy)`.slice(0, 200),
        enabled: false,
      });
      ctx.announce(`Rule “${rule.name}” duplicated as “${copy.name}”, disabled.`);
      await load();
      focusRow(copy.id, 'edit');
    } catch (error) {
      if (!ctx.failed(error)) ctx.announce(`Not duplicated: ${error.message}`);
    }
  }

  /** Enables or disables the selected rules, one versioned write each; says which could not be changed. */
  async function setSelected(enabled) {
    const ids = new Set([...listBox.querySelectorAll('.rule-select:checked')].map((box) => box.value));
    const chosen = shown.rules.filter((r) => ids.has(r.id) && r.enabled !== enabled);
    if (ids.size === 0) {
      ctx.announce('Select rules first (the boxes at the start of each row).');
      return;
    }
    const failed = [];
    for (const rule of chosen) {
      try {
        await ctx.api.put(`/v1/merchandising/rules/${rule.id}`, { ...definition(rule), enabled, version: rule.version });
      } catch (error) {
        if (ctx.failed(error)) return;
        failed.push(rule.name);
      }
    }
    const done = chosen.length - failed.length;
    ctx.announce(
      `${done} ${done === 1 ? 'rule' : 'rules'} ${enabled ? 'enabled' : 'disabled'}${failed.length ? `; not changed (changed by someone else meanwhile?): ${failed.join(', ')}` : ''}.`,
    );
    await load();
  }
  byId('rules-enable-selected').addEventListener('click', () => void setSelected(true));
  byId('rules-disable-selected').addEventListener('click', () => void setSelected(false));
  searchInput.addEventListener('input', () => renderList(shown.rules, shown.total, shown.names));

  async function remove(rule) {
    if (!window.confirm(`Delete the rule “${rule.name}”? Shoppers stop seeing its effect at once; its history stays in the audit trail.`))
      return;
    try {
      await ctx.api.delete(`/v1/merchandising/rules/${rule.id}`);
      ctx.announce(`Rule “${rule.name}” deleted.`);
    } catch (error) {
      if (ctx.failed(error)) return;
      ctx.announce(`Not deleted: ${error.message}`);
    }
    await load();
    newButton.focus();
  }

  const view = byId('rules-view');
  const sidePreview = createRulePreview(ctx, {
    readDraft: () => {
      if (form.hidden) return null;
      return { rule: ruleForm.read(), id: ruleForm.editing()?.id };
    },
  });
  form.addEventListener('input', () => sidePreview.changed());
  form.addEventListener('change', () => sidePreview.changed());
  form.addEventListener('click', (event) => {
    // Adding or removing an action changes the rule without an input event.
    if (event.target.closest('button')) sidePreview.changed();
  });

  /** The editor's content as it was opened or last saved: what "unsaved" is measured against. */
  let openedAs = null;
  const editorContent = () => {
    try {
      return JSON.stringify(ruleForm.read());
    } catch {
      return 'unreadable';
    }
  };

  function openEditor(rule) {
    void ctx.categories();
    listPanel.hidden = true;
    form.hidden = false;
    ruleForm.open(rule);
    openedAs = editorContent();
    view.classList.add('editing');
    sidePreview.opened();
    byId('rule-form-heading').focus();
  }

  async function closeEditor(focusId = null) {
    openedAs = null;
    form.hidden = true;
    view.classList.remove('editing');
    sidePreview.closed();
    listPanel.hidden = false;
    await load();
    focusRow(focusId, 'edit');
  }

  function conflict(error) {
    const latest = h('button', { type: 'button', class: 'button small', text: 'Load the latest version' });
    latest.addEventListener('click', async () => {
      try {
        const fresh = await ctx.api.get(`/v1/merchandising/rules/${ruleForm.editing().id}`);
        ruleForm.open(fresh);
        ctx.announce(`Loaded version ${fresh.version} of “${fresh.name}”. Make your change again and save.`);
        byId('rule-name').focus();
      } catch (reloadError) {
        if (!ctx.failed(reloadError))
          showFormAlert(form, reloadError.status === 404 ? 'The rule has been deleted meanwhile.' : reloadError.message);
      }
    });
    showFormAlert(
      form,
      h('strong', { text: 'Someone else saved this rule while you were editing it, so your changes were not saved. ' }),
      `(${error.message}) Loading the latest version replaces what you typed here; copy anything you want to keep first. `,
      latest,
    );
  }

  function showSaveError(error) {
    if (error.status === 400) showFieldError(form, error.field, error.message);
    else if (error.status === 409) conflict(error);
    else if (error.status === 404) showFormAlert(form, 'This rule has been deleted meanwhile. Cancel, or create it again with “New rule”.');
    else if (!ctx.failed(error)) showFormAlert(form, `Not saved: ${error.message}`);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const editing = ruleForm.editing();
    for (const button of saveButtons) button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const rule = ruleForm.read();
      const saved = editing
        ? await ctx.api.put(`/v1/merchandising/rules/${editing.id}`, { ...rule, version: editing.version })
        : await ctx.api.post('/v1/merchandising/rules', rule);
      ctx.announce(
        `Rule “${saved.name}” saved as version ${saved.version}${saved.enabled ? ': it applies on the storefront now.' : '. It is disabled.'}`,
      );
      await closeEditor(saved.id);
    } catch (error) {
      if (error instanceof FormError) showFieldError(form, error.field, error.message);
      else showSaveError(error);
    } finally {
      for (const button of saveButtons) button.disabled = false;
      form.setAttribute('aria-busy', 'false');
    }
  });
  byId('cancel-rule').addEventListener('click', () => {
    if (unsaved() && !window.confirm('Drop the changes made to this rule?')) return;
    void closeEditor(ruleForm.editing()?.id);
  });
  const unsaved = () =>
    !form.hidden && openedAs !== null && editorContent() !== openedAs ? 'The rule in the editor has changes that are not saved.' : null;
  byId('preview-rule').addEventListener('click', () => {
    clearErrors(form);
    let rule;
    try {
      rule = ruleForm.read();
    } catch (error) {
      showFieldError(form, error.field, error.message);
      return;
    }
    // Context and time from the rule itself, so a rule limited to them shows what it does rather than "no change".
    ctx.openPreview({
      q: rule.conditions.query?.values[0] ?? '',
      category: rule.conditions.category?.id ?? '',
      context: rule.conditions.contexts?.[0] ?? '',
      at: isoToLocal(rule.conditions.startsAt),
      includeRule: true,
      includeWeights: false,
    });
  });
  newButton.addEventListener('click', () => openEditor(null));

  /** From analytics: a new rule for a query, its condition and name filled in; the merchandiser adds what it does. */
  ctx.newRuleFor = (query) => {
    location.hash = '#rules';
    openEditor(null);
    byId('rule-name').value = `Rule for “${query}”`;
    byId('rule-query-values').value = query;
    byId('rule-query-match').value = 'is';
    sidePreview.changed();
    // What was filled in for them is not theirs to lose yet: "unsaved" counts from here.
    openedAs = editorContent();
    setTimeout(() => byId('new-action-type').focus(), 50);
  };

  /** The rule open in the editor, unsaved, for the preview; null when the editor is closed. */
  ctx.drafts.rule = () => {
    if (form.hidden) return null;
    const editing = ruleForm.editing();
    const rule = ruleForm.read();
    // With the id of a stored rule, the preview replaces that rule instead of adding a second one.
    return { rule: editing ? { ...rule, id: editing.id } : rule, name: rule.name || 'the rule being edited' };
  };

  return {
    heading: () => (form.hidden ? byId('rules-heading') : byId('rule-form-heading')),
    /** The list is reloaded each time the tab opens; an open editor is left as it was. */
    show: () => (form.hidden ? load() : undefined),
    unsaved,
  };
}
