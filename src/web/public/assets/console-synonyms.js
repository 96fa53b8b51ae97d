import { h, clear, byId } from './dom.js';
import { clearErrors, showFieldError, showFormAlert } from './form-errors.js';
import { formatNumber, joinList, numberValue, splitList } from './form-values.js';
import { describeSynonym } from './console-summaries.js';

/**
 * Synonyms: the list, and one form that adds a synonym or, after "Edit",
 * replaces one. Multi-way terms all find each other; a one-way input also
 * finds its synonyms, not the reverse. Changes apply to the next search.
 */
export function createSynonymsView(ctx) {
  const listBox = byId('synonyms-list');
  const form = byId('synonym-form');
  const inputs = {
    multiway: byId('synonym-multiway'),
    oneway: byId('synonym-oneway'),
    terms: byId('synonym-terms'),
    input: byId('synonym-input'),
    synonyms: byId('synonym-synonyms'),
    weight: byId('synonym-weight'),
  };
  const save = byId('synonym-save');
  const cancel = byId('synonym-cancel');
  /** The synonym being edited, or null when the form adds a new one. */
  let editing = null;

  const kind = () => (inputs.oneway.checked ? 'oneway' : 'multiway');
  function showKind() {
    byId('synonym-multiway-fields').hidden = kind() !== 'multiway';
    byId('synonym-oneway-fields').hidden = kind() !== 'oneway';
  }
  inputs.multiway.addEventListener('change', showKind);
  inputs.oneway.addEventListener('change', showKind);

  /** From analytics: a one-way synonym for a query that found nothing, its input filled in; the merchandiser types what it should find. */
  ctx.prefillSynonym = (query) => {
    inputs.oneway.checked = true;
    showKind();
    inputs.input.value = query;
    inputs.synonyms.value = '';
    location.hash = '#synonyms';
    setTimeout(() => inputs.synonyms.focus(), 50);
  };

  /** The synonym as the API takes it; a weight that is not a number throws FormError (status 400, shown beside it). */
  function read() {
    const weight = numberValue(inputs.weight);
    const base =
      kind() === 'multiway'
        ? { type: 'multiway', terms: splitList(inputs.terms.value) }
        : { type: 'oneway', input: inputs.input.value.trim(), synonyms: splitList(inputs.synonyms.value) };
    return weight === undefined ? base : { ...base, weight };
  }

  function fill(synonym) {
    editing = synonym;
    clearErrors(form);
    (synonym?.type === 'oneway' ? inputs.oneway : inputs.multiway).checked = true;
    inputs.terms.value = joinList(synonym?.terms, '\n');
    inputs.input.value = synonym?.input ?? '';
    inputs.synonyms.value = joinList(synonym?.synonyms, '\n');
    inputs.weight.value = synonym?.weight ?? '';
    byId('synonym-form-heading').textContent = synonym ? `Edit synonym ${describeSynonym(synonym)}` : 'Add a synonym';
    save.textContent = synonym ? 'Save synonym' : 'Add synonym';
    cancel.hidden = !synonym;
    showKind();
  }

  async function load() {
    listBox.setAttribute('aria-busy', 'true');
    try {
      const { synonyms } = await ctx.api.get('/v1/merchandising/synonyms');
      render(synonyms);
    } catch (error) {
      if (!ctx.failed(error)) clear(listBox).append(h('p', { class: 'error', text: `The synonyms could not be loaded: ${error.message}` }));
    } finally {
      listBox.setAttribute('aria-busy', 'false');
    }
  }

  function render(synonyms) {
    if (synonyms.length === 0) {
      clear(listBox).append(h('p', { class: 'empty', text: 'No synonyms yet: searches find only the words typed.' }));
      return;
    }
    const rows = synonyms.map((s) => {
      const text = describeSynonym(s);
      return h(
        'tr',
        { dataset: { id: s.id } },
        h('th', { scope: 'row', dataset: { label: 'Synonym' }, text }),
        h('td', { dataset: { label: 'Kind' }, text: s.type === 'multiway' ? 'Multi-way' : 'One-way' }),
        h('td', { class: 'number', dataset: { label: 'Weight' }, text: s.weight === undefined ? '0.8 (default)' : formatNumber(s.weight) }),
        h(
          'td',
          { class: 'row-buttons' },
          h('button', {
            type: 'button',
            class: 'button small',
            dataset: { act: 'edit' },
            'aria-label': `Edit synonym ${text}`,
            text: 'Edit',
            on: { click: () => edit(s) },
          }),
          h('button', {
            type: 'button',
            class: 'button small danger',
            dataset: { act: 'delete' },
            'aria-label': `Delete synonym ${text}`,
            text: 'Delete',
            on: { click: () => remove(s, text) },
          }),
        ),
      );
    });
    const head = ['Synonym', 'Kind', 'Weight', 'Change'].map((t) => h('th', { scope: 'col', text: t }));
    clear(listBox).append(
      h(
        'table',
        { class: 'data-table cards synonyms-table' },
        h('caption', { class: 'visually-hidden', text: 'Synonyms' }),
        h('thead', {}, h('tr', {}, head)),
        h('tbody', {}, rows),
      ),
    );
  }

  function edit(synonym) {
    fill(synonym);
    byId('synonym-form-heading').focus();
  }

  async function remove(synonym, text) {
    if (!window.confirm(`Delete the synonym ${text}?`)) return;
    try {
      await ctx.api.delete(`/v1/merchandising/synonyms/${synonym.id}`);
      ctx.announce(`Synonym ${text} deleted.`);
      if (editing?.id === synonym.id) fill(null);
    } catch (error) {
      if (ctx.failed(error)) return;
      ctx.announce(`Not deleted: ${error.message}`);
    }
    await load();
    byId('synonyms-heading').focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    save.disabled = true;
    try {
      const body = read();
      const saved = editing
        ? await ctx.api.put(`/v1/merchandising/synonyms/${editing.id}`, body)
        : await ctx.api.post('/v1/merchandising/synonyms', body);
      ctx.announce(`Synonym ${describeSynonym(saved)} ${editing ? 'saved' : 'added'}: searches use it now.`);
      fill(null);
      await load();
      (listBox.querySelector(`tr[data-id="${CSS.escape(saved.id)}"] [data-act="edit"]`) ?? inputs.terms).focus();
    } catch (error) {
      if (error.status === 400) showFieldError(form, error.field, error.message);
      else if (error.status === 404) showFormAlert(form, 'This synonym has been deleted meanwhile; “Cancel editing” and add it again.');
      else if (!ctx.failed(error)) showFormAlert(form, `Not saved: ${error.message}`);
    } finally {
      save.disabled = false;
    }
  });
  cancel.addEventListener('click', () => {
    const id = editing?.id;
    fill(null);
    (listBox.querySelector(`tr[data-id="${CSS.escape(id ?? '')}"] [data-act="edit"]`) ?? inputs.terms).focus();
  });
  fill(null);

  return { heading: () => byId('synonyms-heading'), show: load };
}
