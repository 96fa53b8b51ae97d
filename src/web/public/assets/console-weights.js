import { h, clear, byId } from './dom.js';
import { clearErrors, showFieldError, showFormAlert } from './form-errors.js';
import { formatNumber } from './form-values.js';
import { overridesFromInputs, weightFields, weightOrigins } from './console-weights-model.js';

/**
 * The ranking formula's weights, globally or for one category: what is set
 * here (empty inherits), the values searches use now and where each comes
 * from. Unsaved values can be previewed before saving.
 */
export function createWeightsView(ctx) {
  const form = byId('weights-form');
  const scopeSelect = byId('weights-scope');
  const rows = byId('weights-rows');
  const reset = byId('weights-reset');
  let table = null;
  /** Set by typing in the form, cleared by loading or saving: only then are the values a draft worth previewing. */
  let dirty = false;

  const inputs = new Map(
    weightFields.map(({ name, label, hint }) => {
      const input = h('input', {
        type: 'number',
        id: `weight-${name}`,
        step: 'any',
        min: 0,
        max: 10,
        inputmode: 'decimal',
        dataset: { path: name },
        'aria-describedby': `weight-${name}-hint`,
      });
      return [name, { input, label, hint }];
    }),
  );
  const current = new Map(
    [...inputs.keys()].map((name) => [
      name,
      { value: h('td', { class: 'number', dataset: { label: 'Used now' } }), source: h('td', { dataset: { label: 'From' } }) },
    ]),
  );
  rows.append(
    ...[...inputs].map(([name, { input, label, hint }]) =>
      h(
        'tr',
        { dataset: { weight: name } },
        h(
          'th',
          { scope: 'row' },
          h('label', { for: input.id, text: label }),
          h('p', { class: 'hint', id: `weight-${name}-hint`, text: hint }),
        ),
        h('td', { class: 'weight-input', dataset: { label: 'Set here' } }, input),
        current.get(name).value,
        current.get(name).source,
      ),
    ),
  );
  // The scope select is in the form too, and choosing a scope types no weight.
  form.addEventListener('input', (event) => {
    if (event.target !== scopeSelect) dirty = true;
  });

  const scope = () => scopeSelect.value;
  const scopePath = () =>
    scope() === 'global' ? '/v1/merchandising/weights/global' : `/v1/merchandising/weights/categories/${encodeURIComponent(scope())}`;
  const ownWeights = () => (scope() === 'global' ? table.global : table.categories[scope()]) ?? {};
  /** Whether the scope has weights stored (a category may store an empty set; global reads as {} either way). */
  const hasOwn = () => (scope() === 'global' ? Object.keys(table.global).length > 0 : table.categories[scope()] !== undefined);
  const sourceLabel = (source) => (source === 'default' ? 'default' : source === 'global' ? 'global' : `category ${source}`);

  async function fillScopes() {
    const chosen = scope() || 'global';
    const categories = await ctx.categories();
    const known = new Set(categories.map((c) => c.id));
    const withWeights = Object.keys(table.categories);
    const option = (id, label) => h('option', { value: id, text: table.categories[id] ? `${label} (weights set)` : label });
    clear(scopeSelect).append(
      h('option', { value: 'global', text: 'Global: every search' }),
      ...categories.map((c) => option(c.id, c.label)),
      ...withWeights.filter((id) => !known.has(id)).map((id) => option(id, id)),
    );
    scopeSelect.value = [...scopeSelect.options].some((o) => o.value === chosen) ? chosen : 'global';
  }

  /** Counts scope loads, so an answer for a scope chosen before the latest one is dropped (answers can arrive out of order). */
  let latestShow = 0;

  /** Shows the chosen scope's weights; the inputs wait meanwhile, so nothing typed is overwritten by the answer. */
  async function showScope() {
    const mine = ++latestShow;
    delete form.dataset.scope;
    for (const { input } of inputs.values()) input.disabled = true;
    try {
      await fillScope(() => mine === latestShow);
    } finally {
      if (mine === latestShow) for (const { input } of inputs.values()) input.disabled = false;
    }
    if (mine === latestShow) form.dataset.scope = scope();
  }

  async function fillScope(stillWanted) {
    const effective = await ctx.api.get('/v1/merchandising/weights/effective', scope() === 'global' ? {} : { category: scope() });
    if (!stillWanted()) return;
    const origins = weightOrigins(table, effective.sources);
    const own = ownWeights();
    for (const [name, { input }] of inputs) {
      input.value = own[name] ?? '';
      input.placeholder = 'inherited';
      current.get(name).value.textContent = formatNumber(effective.weights[name]);
      current.get(name).source.textContent = sourceLabel(origins[name].source);
    }
    reset.disabled = !hasOwn();
    dirty = false;
  }

  async function load() {
    delete form.dataset.scope;
    form.setAttribute('aria-busy', 'true');
    try {
      table = await ctx.api.get('/v1/merchandising/weights');
      await fillScopes();
      await showScope();
    } catch (error) {
      if (!ctx.failed(error)) showFormAlert(form, `The weights could not be loaded: ${error.message}`);
    } finally {
      form.setAttribute('aria-busy', 'false');
    }
  }

  /** The weights typed here; throws FormError for a box whose text is not a number. */
  const values = () => overridesFromInputs(Object.fromEntries([...inputs].map(([name, { input }]) => [name, input])));
  /** `values()`, or null after showing why not beside the box. */
  function checkedValues() {
    try {
      return values();
    } catch (error) {
      showFieldError(form, error.field, error.message);
      return null;
    }
  }

  async function change(action, done) {
    clearErrors(form);
    try {
      await action();
      ctx.announce(done);
      await load();
    } catch (error) {
      if (error.status === 400) showFieldError(form, error.field, error.message);
      else if (!ctx.failed(error)) showFormAlert(form, `Not saved: ${error.message}`);
    }
  }

  const scopeName = () => (scope() === 'global' ? 'Global weights' : `Weights for ${scope()}`);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const weights = checkedValues();
    if (!weights) return;
    // Nothing typed: the scope has nothing of its own, which is removing it (or nothing at all).
    if (Object.keys(weights).length === 0 && !hasOwn()) {
      ctx.announce(`${scopeName()}: nothing is set, so everything is inherited already.`);
      return;
    }
    const action = Object.keys(weights).length === 0 ? () => ctx.api.delete(scopePath()) : () => ctx.api.put(scopePath(), weights);
    void change(action, `${scopeName()} saved: searches use them within a second.`);
  });
  reset.addEventListener('click', () => {
    if (
      !window.confirm(
        `Remove the weights set for ${scope() === 'global' ? 'every search' : scope()}? Searches go back to the inherited values at once.`,
      )
    )
      return;
    void change(() => ctx.api.delete(scopePath()), `${scopeName()} removed: inherited values apply again.`).then(() =>
      byId('weights-scope').focus(),
    );
  });
  scopeSelect.addEventListener('change', () => {
    // Typed, unsaved values would be replaced by the new scope's: only with consent.
    if (dirty && form.dataset.scope && !window.confirm(`Discard the weights typed for ${form.dataset.scope} and not saved?`)) {
      scopeSelect.value = form.dataset.scope;
      return;
    }
    clearErrors(form);
    void showScope().catch((error) => ctx.failed(error) || showFormAlert(form, error.message));
  });
  byId('weights-preview').addEventListener('click', () => {
    clearErrors(form);
    if (!checkedValues()) return;
    dirty = true;
    ctx.openPreview({ q: '', category: scope() === 'global' ? '' : scope(), includeRule: false, includeWeights: true });
  });

  /** The values typed and not saved, as the preview's draftWeights; null when nothing was changed. */
  ctx.drafts.weights = () => {
    if (!dirty || !table) return null;
    return scope() === 'global'
      ? { weights: { global: values() }, name: 'global weights' }
      : { weights: { categories: { [scope()]: values() } }, name: `weights for ${scope()}` };
  };

  return { heading: () => byId('weights-heading'), show: () => (dirty ? undefined : load()) };
}
