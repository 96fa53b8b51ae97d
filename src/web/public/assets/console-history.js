import { h, clear, byId } from './dom.js';
import { describeSynonym, productIdsOf, summarizeActions, summarizeConditions } from './console-summaries.js';

/**
 * History and rollback: every change to rules, synonyms, weights and
 * suggestion controls (bans and additions), newest
 * first, with who and when, what changed in words (before → after, products
 * by name), and a button that restores the version a change produced — a
 * new change itself, so a restore can be undone the same way.
 */

const kindWords = { rule: 'Rule', synonym: 'Synonym', weights: 'Weights', suggestion: 'Suggestion' };
const opWords = { create: 'created', update: 'changed', delete: 'deleted' };

function when(at) {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? String(at) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The fields of one version, each in the words the lists use. */
function fieldsOf(entity, value, nameOf) {
  if (value === null || value === undefined) return {};
  if (entity === 'rule')
    return {
      Name: value.name,
      ...(value.tags?.length ? { Tags: value.tags.join(', ') } : {}),
      Status: value.enabled ? 'enabled' : 'disabled',
      Priority: String(value.priority ?? 0),
      When: summarizeConditions(value.conditions),
      Then: summarizeActions(value.actions, nameOf),
    };
  if (entity === 'synonym')
    return { Synonym: describeSynonym(value), ...(value.weight === undefined ? {} : { Weight: String(value.weight) }) };
  if (entity === 'weights') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  if (entity === 'suggestion') return { Suggestion: describeSuggestionControl(value) };
  return { Value: JSON.stringify(value) };
}

/** Lines of what changed: `Then: pin A at 1 → pin B at 1`; unchanged fields are left out. */
export function diffLines(change, nameOf = (id) => id) {
  const before = fieldsOf(change.entity, change.before, nameOf);
  const after = fieldsOf(change.entity, change.after, nameOf);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((k) => before[k] !== after[k]).map((k) => ({ field: k, before: before[k] ?? null, after: after[k] ?? null }));
}

/** A ban or an addition in the words of the Suggestions tab. */
export function describeSuggestionControl(value) {
  if (value.action === 'add')
    return value.weight === null || value.weight === undefined
      ? `always suggest “${value.text}”, above every popular query`
      : `always suggest “${value.text}”, ranked as if ${value.weight} shoppers searched it`;
  return value.match === 'contains' ? `never suggest anything containing “${value.text}”` : `never suggest “${value.text}”`;
}

function titleOf(change) {
  const value = change.after ?? change.before ?? {};
  if (change.entity === 'rule') return `${kindWords.rule} “${value.name ?? change.entityId}”`;
  if (change.entity === 'synonym') return `${kindWords.synonym} ${describeSynonym(value)}`;
  if (change.entity === 'weights') return `Weights for ${change.entityId === 'global' ? 'every search' : `category ${change.entityId}`}`;
  if (change.entity === 'suggestion') return `Suggestion ${value.action === 'add' ? 'addition' : 'ban'} “${value.text ?? change.entityId}”`;
  return `${kindWords[change.entity] ?? change.entity} ${change.entityId}`;
}

export function createHistoryView(ctx) {
  const listBox = byId('history-list');
  const kind = byId('history-kind');
  const only = byId('history-only');
  let onlyEntity = null;

  async function load() {
    listBox.setAttribute('aria-busy', 'true');
    try {
      const params = { limit: 100 };
      if (onlyEntity) Object.assign(params, { entity: onlyEntity.entity, entity_id: onlyEntity.id });
      else if (kind.value) params.entity = kind.value;
      const { changes } = await ctx.api.get('/v1/merchandising/changes', params);
      const ids = changes
        .filter((c) => c.entity === 'rule')
        .flatMap((c) => [...productIdsOf(c.before?.actions), ...productIdsOf(c.after?.actions)]);
      const names = await ctx.products.load(ids).catch(() => new Map());
      render(changes, (id) => names.get(id)?.title ?? id);
    } catch (error) {
      if (!ctx.failed(error)) clear(listBox).append(h('p', { class: 'error', text: `The history could not be loaded: ${error.message}` }));
    } finally {
      listBox.setAttribute('aria-busy', 'false');
    }
  }

  function render(changes, nameOf) {
    only.hidden = !onlyEntity;
    if (onlyEntity) byId('history-only-text').textContent = `Only ${onlyEntity.label}.`;
    if (changes.length === 0) {
      clear(listBox).append(h('p', { class: 'empty', text: 'No changes yet.' }));
      return;
    }
    const items = changes.map((change) => {
      const title = titleOf(change);
      const lines = diffLines(change, nameOf);
      const version = change.op === 'delete' ? 'the deleted version' : `version ${change.entityVersion}`;
      const restoreButton = h('button', {
        type: 'button',
        class: 'button small',
        dataset: { act: 'restore' },
        text: change.op === 'delete' ? 'Restore the deleted version' : 'Restore this version',
        'aria-label': `${change.op === 'delete' ? 'Restore the deleted version' : 'Restore this version'}: ${title}, ${version}`,
        on: { click: (event) => restore(change, title, version, event.currentTarget) },
      });
      return h(
        'li',
        { class: 'history-entry', dataset: { id: change.id, entity: change.entity, op: change.op } },
        h(
          'h2',
          { class: 'history-title' },
          h('span', { text: title }),
          ' ',
          h('span', { class: `badge op-${change.op}`, text: opWords[change.op] }),
        ),
        h('p', {
          class: 'muted small',
          text: `${when(change.at)} · by ${change.who} · ${change.op === 'delete' ? 'was' : 'now'} version ${change.op === 'delete' ? change.entityVersion - 1 : change.entityVersion}`,
        }),
        lines.length === 0
          ? h('p', { class: 'muted small', text: 'Saved again without changes.' })
          : h(
              'dl',
              { class: 'diff' },
              lines.flatMap((line) => [
                h('dt', { text: line.field }),
                h(
                  'dd',
                  {},
                  line.before === null ? null : h('del', { text: line.before }),
                  line.before !== null && line.after !== null ? h('span', { 'aria-hidden': 'true', text: ' → ' }) : null,
                  line.before !== null && line.after !== null ? h('span', { class: 'visually-hidden', text: ' became ' }) : null,
                  line.after === null ? null : h('ins', { text: line.after }),
                ),
              ]),
            ),
        restoreButton,
      );
    });
    clear(listBox).append(h('ol', { class: 'history-list' }, items));
  }

  async function restore(change, title, version, button) {
    if (!window.confirm(`Restore ${title} to ${version}? It applies on the storefront at once (and can be undone here).`)) return;
    button.disabled = true;
    try {
      const restored = await ctx.api.post(`/v1/merchandising/changes/${change.id}/restore`, {});
      ctx.announce(
        restored.recreated
          ? `${title} restored from ${version} (it had been deleted; it is back, under its own id).`
          : `${title} restored to ${version}.`,
      );
      await load();
      listBox.querySelector('.history-entry [data-act="restore"]')?.focus();
    } catch (error) {
      button.disabled = false;
      if (!ctx.failed(error)) ctx.announce(`Not restored: ${error.message}${error.field ? ` (${error.field})` : ''}`);
    }
  }

  // Choosing a kind is asking for all of that kind, not for it within one thing's history.
  kind.addEventListener('change', () => {
    onlyEntity = null;
    void load();
  });
  byId('history-show-all').addEventListener('click', () => {
    onlyEntity = null;
    void load();
    kind.focus();
  });

  /** Opens the history of one thing (a rule from the list). */
  ctx.openHistory = (entity) => {
    onlyEntity = entity;
    if (location.hash === '#history') void load();
    else location.hash = '#history';
  };

  return { heading: () => byId('history-heading'), show: () => load() };
}
