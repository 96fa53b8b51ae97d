import { h, clear, byId, formatCount } from './dom.js';
import { clearErrors, showFieldError, showFormAlert } from './form-errors.js';
import { optionalText } from './form-values.js';
import { positionChange } from './console-preview-model.js';
import { attachProductPicker } from './console-product-picker.js';
import { priceText, stockBadge, thumbnail } from './console-products.js';
import { draftLiveTabs, pinWarnings } from './console-draft-live.js';

/**
 * Visual merchandising: a query's or a category page's results as the
 * storefront shows them, as a grid; drag a product onto a place to pin it
 * there (or type the place: the keyboard's way), one click to hide, boost or
 * bury it. The changes are a draft shown beside live (tabs on a phone),
 * saved as a disabled rule with the conditions filled in, then published by
 * enabling it. Nobody types a product id.
 */

/** How much a one-click boost or bury weighs: scores ×2 and ×0.5. */
const boostWeight = 1;
const buryWeight = 0.5;

/**
 * Whether a stored rule is one this view can show and save back unchanged in
 * meaning: a query (is, one value) and/or a category, at most one context, no
 * time window, and only pins, hides and one-click boosts and buries of named
 * products.
 */
export function visuallyEditable(rule) {
  const c = rule.conditions ?? {};
  if (c.startsAt || c.endsAt || (c.contexts?.length ?? 0) > 1) return false;
  if (c.query && (c.query.match !== 'is' || c.query.values.length !== 1)) return false;
  if (!c.query && !c.category) return false;
  const byProducts = (a, weight) => a.weight === weight && Object.keys(a.filter ?? {}).join() === 'productIds';
  return rule.actions.every(
    (a) =>
      a.type === 'pin' ||
      a.type === 'hide' ||
      (a.type === 'boost' && byProducts(a, boostWeight)) ||
      (a.type === 'bury' && byProducts(a, buryWeight)),
  );
}

export function createVisualView(ctx) {
  const form = byId('visual-form');
  const board = byId('visual-board');
  const results = byId('visual-results');
  const nameInput = byId('visual-rule-name');
  const saveButton = byId('visual-save');
  const publishButton = byId('visual-publish');
  const ruleState = byId('visual-rule-state');

  let target = null;
  let pins = new Map();
  let hidden = new Set();
  let boosted = new Set();
  let buried = new Set();
  /** The rule this draft was saved as: {id, version, enabled}; null until saved. */
  let saved = null;
  let dirty = false;
  let answer = null;
  let running = 0;
  let tab = 'draft';

  const pickPosition = byId('visual-pick-position');
  attachProductPicker(byId('visual-pick'), {
    ctx,
    clearOnPick: true,
    onPick: (product) => {
      const position = Number(pickPosition.value) || 1;
      pin(product.id, position, product.title);
    },
  });

  const hasChanges = () => pins.size + hidden.size + boosted.size + buried.size > 0;

  function conditions() {
    const out = {};
    if (target.q) out.query = { match: 'is', values: [target.q] };
    if (target.category) out.category = { id: target.category, includeDescendants: true };
    if (target.context) out.contexts = [target.context];
    return out;
  }

  function actions() {
    const out = [];
    if (pins.size > 0)
      out.push({ type: 'pin', pins: [...pins].sort((a, b) => a[1] - b[1]).map(([productId, position]) => ({ productId, position })) });
    if (hidden.size > 0) out.push({ type: 'hide', productIds: [...hidden] });
    if (boosted.size > 0) out.push({ type: 'boost', filter: { productIds: [...boosted] }, weight: boostWeight });
    if (buried.size > 0) out.push({ type: 'bury', filter: { productIds: [...buried] }, weight: buryWeight });
    return out;
  }

  function rule() {
    return {
      name: nameInput.value.trim(),
      enabled: saved?.enabled ?? false,
      priority: saved?.priority ?? 0,
      conditions: conditions(),
      actions: actions(),
      // A rule opened from the list keeps what this view does not edit.
      tags: saved?.tags ?? [],
    };
  }

  function changed(message) {
    dirty = true;
    updateButtons();
    if (message) ctx.announce(message);
    void refresh();
  }

  function titleOf(id) {
    const hit = [...(answer?.draft.hits ?? []), ...(answer?.live.hits ?? [])].find((x) => x.id === id);
    return hit?.title ?? ctx.products.get(id)?.title ?? id;
  }

  function pin(id, position, title = titleOf(id)) {
    for (const [other, at] of pins) if (at === position && other !== id) pins.delete(other);
    pins.set(id, position);
    hidden.delete(id);
    changed(`“${title}” pinned at position ${position} in the draft.`);
  }

  function toggle(set, id, words) {
    const on = !set.has(id);
    for (const s of [hidden, boosted, buried]) s.delete(id);
    if (on) set.add(id);
    if (set === hidden && on) pins.delete(id);
    changed(`“${titleOf(id)}” ${on ? words.on : words.off} in the draft.`);
  }

  function updateButtons() {
    // A rule that is live already applies what is saved at once: the button says so.
    saveButton.textContent = saved?.enabled ? 'Save (applies at once)' : 'Save as draft rule';
    saveButton.disabled = !target || !hasChanges();
    publishButton.disabled = !saved || dirty || saved.enabled;
    ruleState.textContent = !saved
      ? hasChanges()
        ? 'Not saved yet.'
        : 'Drag a product to a place, or use its buttons.'
      : dirty
        ? `Draft rule “${saved.name}” has unsaved changes.`
        : saved.enabled
          ? `Rule “${saved.name}” is live (version ${saved.version}).`
          : `Saved as draft rule “${saved.name}” (version ${saved.version}), not live yet.`;
  }

  async function refresh() {
    if (!target) return;
    const ticket = ++running;
    results.setAttribute('aria-busy', 'true');
    const body = { ...target };
    for (const k of ['q', 'category', 'context']) if (!body[k]) delete body[k];
    if (hasChanges())
      body.draftRules = [{ ...rule(), name: rule().name || 'Visual draft', enabled: true, ...(saved ? { id: saved.id } : {}) }];
    try {
      const result = await ctx.api.post('/v1/merchandising/preview', body);
      if (ticket !== running) return;
      answer = result;
      render();
    } catch (error) {
      if (ticket !== running || ctx.failed(error)) return;
      clear(results).append(h('p', { class: 'error', role: 'alert', text: `The results could not be shown: ${error.message}` }));
    } finally {
      if (ticket === running) results.setAttribute('aria-busy', 'false');
    }
  }

  function card(hit, { editable }) {
    const title = hit.title;
    const change = editable ? positionChange(hit) : null;
    const pinnedHere = pins.has(hit.id);
    const badges = [
      hit.pinned ? h('span', { class: 'badge pinned', text: 'Pinned' }) : null,
      boosted.has(hit.id) ? h('span', { class: 'badge boosted', text: 'Boosted' }) : null,
      buried.has(hit.id) ? h('span', { class: 'badge buried', text: 'Buried' }) : null,
      change
        ? h(
            'span',
            { class: `change ${change.kind}` },
            h('span', { 'aria-hidden': 'true', text: change.text }),
            h('span', { class: 'visually-hidden', text: change.label }),
          )
        : null,
    ];
    const item = h(
      'li',
      {
        class: `product-card${hit.pinned ? ' pinned' : ''}`,
        draggable: 'true',
        dataset: { id: hit.id, position: hit.position },
      },
      h('span', { class: 'card-pos', text: `#${hit.position}` }),
      thumbnail(hit, 'large'),
      h('span', { class: 'card-title', text: title }),
      h('span', { class: 'card-meta' }, h('span', { class: 'card-price', text: priceText(hit) }), stockBadge(hit)),
      h('span', { class: 'card-merchant', text: hit.merchant?.name ?? '' }),
      h('span', { class: 'card-badges' }, badges),
    );
    if (editable) item.append(controls(hit, pinnedHere));
    item.addEventListener('dragstart', (event) => {
      event.dataTransfer.setData('text/plain', hit.id);
      event.dataTransfer.effectAllowed = 'move';
      item.classList.add('dragging');
    });
    item.addEventListener('dragend', () => item.classList.remove('dragging'));
    if (editable) {
      item.addEventListener('dragover', (event) => {
        event.preventDefault();
        item.classList.add('drop-target');
      });
      item.addEventListener('dragleave', () => item.classList.remove('drop-target'));
      item.addEventListener('drop', (event) => {
        event.preventDefault();
        item.classList.remove('drop-target');
        const id = event.dataTransfer.getData('text/plain');
        if (id) pin(id, hit.position);
      });
    }
    return item;
  }

  /** The keyboard's way to do what dragging does, and the one-click actions. */
  function controls(hit, pinnedHere) {
    const position = h('input', {
      type: 'number',
      min: 1,
      max: 100,
      step: 1,
      inputmode: 'numeric',
      value: pins.get(hit.id) ?? hit.position,
      class: 'pin-at',
      'aria-label': `Position to pin “${hit.title}” at`,
    });
    const pinButton = h('button', {
      type: 'button',
      class: 'button small',
      dataset: { act: 'pin' },
      'aria-label': `Pin “${hit.title}” at this position`,
      text: 'Pin',
      on: {
        click: () => {
          const at = Math.round(Number(position.value));
          if (!(at >= 1 && at <= 100)) {
            ctx.announce('A position is a whole number from 1 to 100.');
            position.focus();
            return;
          }
          pin(hit.id, at);
        },
      },
    });
    position.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        pinButton.click();
      }
    });
    const toggleButton = (set, act, label, words) =>
      h('button', {
        type: 'button',
        class: 'button small',
        dataset: { act },
        'aria-pressed': String(set.has(hit.id)),
        'aria-label': `${label} “${hit.title}”`,
        text: label,
        on: { click: () => toggle(set, hit.id, words) },
      });
    return h(
      'div',
      { class: 'card-controls' },
      h('span', { class: 'pin-control' }, position, pinButton),
      pinnedHere
        ? h('button', {
            type: 'button',
            class: 'button small',
            dataset: { act: 'unpin' },
            'aria-label': `Unpin “${hit.title}”`,
            text: 'Unpin',
            on: {
              click: () => {
                pins.delete(hit.id);
                changed(`“${hit.title}” unpinned in the draft.`);
              },
            },
          })
        : null,
      toggleButton(hidden, 'hide', 'Hide', { on: 'hidden', off: 'shown again' }),
      toggleButton(boosted, 'boost', 'Boost', { on: 'boosted (scores ×2)', off: 'no longer boosted' }),
      toggleButton(buried, 'bury', 'Bury', { on: 'buried (scores ×0.5)', off: 'no longer buried' }),
    );
  }

  function grid(hits, { editable, label }) {
    return h(
      'ol',
      { class: 'product-grid', 'aria-label': label },
      hits.map((hit) => card(hit, { editable })),
    );
  }

  function side(id, heading, data, { editable }) {
    return h(
      'section',
      {
        id,
        class: `visual-side${editable ? ' draft' : ''}${tab === (editable ? 'draft' : 'live') ? ' active' : ''}`,
        role: 'tabpanel',
        'aria-labelledby': `${id}-tab`,
        tabindex: '-1',
      },
      h('h2', { text: heading }),
      h('p', { class: 'meta', text: `${formatCount(data.total.value)}${data.total.exact ? '' : '+'} results` }),
      data.hits.length === 0 ? h('p', { class: 'empty', text: 'No results.' }) : grid(data.hits, { editable, label: `${heading} results` }),
    );
  }

  function hiddenList() {
    if (hidden.size === 0) return null;
    return h(
      'div',
      { class: 'hidden-products' },
      h('h2', { text: 'Hidden in the draft' }),
      h(
        'ul',
        {},
        [...hidden].map((id) =>
          h(
            'li',
            { dataset: { id } },
            thumbnail(ctx.products.get(id) ?? { id, title: titleOf(id) }),
            h('span', { text: titleOf(id) }),
            h('button', {
              type: 'button',
              class: 'button small',
              'aria-label': `Show again: “${titleOf(id)}”`,
              text: 'Show again',
              on: { click: () => toggle(hidden, id, { on: 'hidden', off: 'shown again' }) },
            }),
          ),
        ),
      ),
    );
  }

  function render() {
    if (!answer) return;
    // Cards the grid shows are remembered, so lists elsewhere name the products without asking again.
    for (const hit of [...answer.live.hits, ...answer.draft.hits]) ctx.products.remember(hit);
    const focused = document.activeElement?.closest?.('.product-card');
    const refocus = focused ? { id: focused.dataset.id, act: document.activeElement.dataset.act } : null;
    clear(results).append(
      ...[pinWarnings(answer.warnings)].filter(Boolean),
      draftLiveTabs({
        prefix: 'visual',
        shown: tab,
        show: (side) => {
          tab = side;
          render();
        },
      }),
      h(
        'div',
        { class: 'visual-columns' },
        side('visual-draft', 'Draft', answer.draft, { editable: true }),
        side('visual-live', 'Live', answer.live, { editable: false }),
      ),
      ...[hiddenList()].filter(Boolean),
    );
    if (refocus) {
      const again = results.querySelector(`#visual-draft .product-card[data-id="${CSS.escape(refocus.id)}"]`);
      (again?.querySelector(`[data-act="${refocus.act}"]`) ?? again?.querySelector('button'))?.focus();
    }
  }

  async function save({ publish }) {
    clearErrors(form);
    if (!nameInput.value.trim()) nameInput.value = defaultName();
    const body = { ...rule(), enabled: publish ? true : (saved?.enabled ?? false) };
    saveButton.disabled = publishButton.disabled = true;
    try {
      const result = saved
        ? await ctx.api.put(`/v1/merchandising/rules/${saved.id}`, { ...body, version: saved.version })
        : await ctx.api.post('/v1/merchandising/rules', body);
      saved = {
        id: result.id,
        version: result.version,
        enabled: result.enabled,
        name: result.name,
        priority: result.priority,
        tags: result.tags ?? [],
      };
      dirty = false;
      ctx.announce(
        result.enabled
          ? `Rule “${result.name}” published: shoppers see the draft now.`
          : `Saved as draft rule “${result.name}”: not live until you publish it.`,
      );
      await refresh();
    } catch (error) {
      if (ctx.failed(error)) return;
      if (error.status === 400 && error.field === 'name') showFieldError(form, 'name', error.message);
      else
        showFormAlert(
          form,
          error.status === 409 ? 'Someone else changed this rule meanwhile: open it from the rules list.' : `Not saved: ${error.message}`,
        );
    } finally {
      updateButtons();
    }
  }

  function defaultName() {
    return target?.q ? `Merchandising for “${target.q}”` : `Merchandising for category ${target?.category ?? ''}`;
  }

  function start() {
    clearErrors(form);
    const q = optionalText(byId('visual-q').value);
    const category = optionalText(byId('visual-category').value);
    const context = optionalText(byId('visual-context').value);
    if (!q && !category) {
      showFieldError(form, 'q', 'Type a search query or choose a category page.');
      return false;
    }
    const same = target && target.q === q && target.category === category && target.context === context;
    if (!same && dirty && !window.confirm('Start over? The changes in this draft are not saved.')) return false;
    if (!same) {
      pins = new Map();
      hidden = new Set();
      boosted = new Set();
      buried = new Set();
      saved = null;
      dirty = false;
      nameInput.value = '';
    }
    target = { q, category, context };
    if (!nameInput.value) nameInput.value = defaultName();
    board.hidden = false;
    updateButtons();
    return true;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (start()) void refresh();
  });
  saveButton.addEventListener('click', () => void save({ publish: false }));
  publishButton.addEventListener('click', () => void save({ publish: true }));
  nameInput.addEventListener('input', () => {
    if (saved) {
      dirty = true;
      updateButtons();
    }
  });

  /** Opens the view on a query or category (from analytics or a rule); runs once the tab shows. */
  ctx.openVisual = ({ q = '', category = '' } = {}) => {
    byId('visual-q').value = q;
    byId('visual-category').value = category;
    if (location.hash === '#visual') {
      if (start()) void refresh();
    } else {
      pendingStart = true;
      location.hash = '#visual';
    }
  };
  let pendingStart = false;

  /** Opens a stored rule this view can show (see visuallyEditable): its products placed, its conditions as the target. */
  ctx.editVisually = (stored) => {
    if (dirty && !window.confirm('Start over? The changes in this draft are not saved.')) return;
    const c = stored.conditions ?? {};
    byId('visual-q').value = c.query?.values[0] ?? '';
    byId('visual-category').value = c.category?.id ?? '';
    byId('visual-context').value = c.contexts?.[0] ?? '';
    target = {
      q: optionalText(byId('visual-q').value),
      category: optionalText(byId('visual-category').value),
      context: optionalText(byId('visual-context').value),
    };
    pins = new Map();
    hidden = new Set();
    boosted = new Set();
    buried = new Set();
    for (const action of stored.actions) {
      if (action.type === 'pin') for (const p of action.pins) pins.set(p.productId, p.position);
      if (action.type === 'hide') for (const id of action.productIds) hidden.add(id);
      if (action.type === 'boost') for (const id of action.filter.productIds) boosted.add(id);
      if (action.type === 'bury') for (const id of action.filter.productIds) buried.add(id);
    }
    saved = {
      id: stored.id,
      version: stored.version,
      enabled: stored.enabled,
      name: stored.name,
      priority: stored.priority,
      tags: stored.tags ?? [],
    };
    dirty = false;
    nameInput.value = stored.name;
    board.hidden = false;
    updateButtons();
    answer = null;
    if (location.hash === '#visual') void refresh();
    else {
      refreshOnShow = true;
      location.hash = '#visual';
    }
  };
  let refreshOnShow = false;

  return {
    heading: () => byId('visual-heading'),
    show() {
      void ctx.categories();
      if (refreshOnShow) {
        refreshOnShow = false;
        void refresh();
      }
      if (pendingStart) {
        pendingStart = false;
        if (start()) void refresh();
      }
    },
    /** What leaving would lose, or null. */
    unsaved: () => (dirty && hasChanges() ? 'The visual draft has changes that are not saved.' : null),
  };
}
