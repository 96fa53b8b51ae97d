import { h, clear, byId, formatCount } from './dom.js';
import { positionChange } from './console-preview-model.js';
import { priceText, stockBadge, thumbnail } from './console-products.js';

/**
 * The preview beside the rule editor: as the rule is edited, the storefront's
 * results for its first query (or its category) with the rule as drafted and
 * as live, images, prices, stock and moves included, and the pin warnings.
 * Draft and live are tabs, so each is readable in the narrow column (and on a
 * phone, where the panel comes below the form).
 */
export function createRulePreview(ctx, { readDraft }) {
  const panel = byId('rule-side-preview');
  const box = byId('rule-side-preview-results');
  let timer = null;
  let ticket = 0;
  let shown = 'draft';
  let last = null;

  function hitRow(hit, { draft }) {
    const change = draft ? positionChange(hit) : null;
    return h(
      'li',
      { class: 'side-hit', dataset: { id: hit.id } },
      h('span', { class: 'pos', text: hit.position }),
      thumbnail(hit),
      h(
        'span',
        { class: 'side-hit-main' },
        h('span', { class: 'hit-title', text: hit.title }),
        h(
          'span',
          { class: 'hit-facts' },
          h('span', { class: 'card-price', text: priceText(hit) }),
          stockBadge(hit),
          hit.pinned ? h('span', { class: 'badge pinned', text: 'Pinned' }) : null,
          change
            ? h(
                'span',
                { class: `change ${change.kind}` },
                h('span', { 'aria-hidden': 'true', text: change.text }),
                h('span', { class: 'visually-hidden', text: change.label }),
              )
            : null,
        ),
      ),
    );
  }

  function render() {
    if (!last) return;
    const { answer, what } = last;
    const tab = (name, label) =>
      h('button', {
        type: 'button',
        role: 'tab',
        id: `rule-side-${name}-tab`,
        'aria-controls': 'rule-side-list',
        'aria-selected': String(shown === name),
        tabindex: shown === name ? '0' : '-1',
        text: label,
        on: {
          click: () => {
            shown = name;
            render();
            byId(`rule-side-${name}-tab`).focus();
          },
          keydown: (event) => {
            if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
            shown = shown === 'draft' ? 'live' : 'draft';
            render();
            byId(`rule-side-${shown}-tab`).focus();
          },
        },
      });
    const side = shown === 'draft' ? answer.draft : answer.live;
    clear(box).append(
      h('p', { class: 'muted small', text: `For ${what}: ${formatCount(side.total.value)} results.` }),
      ...(answer.warnings?.length
        ? [
            h(
              'ul',
              { class: 'warnings' },
              answer.warnings.map((w) => h('li', { dataset: { kind: w.kind }, text: w.message })),
            ),
          ]
        : []),
      h(
        'div',
        { class: 'visual-tabs side-tabs', role: 'tablist', 'aria-label': 'Draft or live' },
        tab('draft', 'With this rule'),
        tab('live', 'Live now'),
      ),
      h(
        'div',
        { id: 'rule-side-list', role: 'tabpanel', 'aria-labelledby': `rule-side-${shown}-tab` },
        h(
          'ol',
          { class: 'side-hits' },
          side.hits.slice(0, 10).map((hit) => hitRow(hit, { draft: shown === 'draft' })),
        ),
      ),
    );
  }

  async function run() {
    let draft;
    try {
      draft = readDraft();
    } catch {
      clear(box).append(h('p', { class: 'muted', text: 'Fix the rule’s fields to see what it does.' }));
      return;
    }
    if (!draft) return;
    const { rule, id } = draft;
    const q = rule.conditions.query?.values[0] ?? '';
    const category = rule.conditions.category?.id ?? '';
    if (!q && !category) {
      last = null;
      clear(box).append(h('p', { class: 'muted', text: 'Give the rule a query or a category to see its effect here.' }));
      return;
    }
    if (rule.actions.length === 0) {
      last = null;
      clear(box).append(h('p', { class: 'muted', text: 'Add an action to see its effect here.' }));
      return;
    }
    const mine = ++ticket;
    box.setAttribute('aria-busy', 'true');
    const body = {
      ...(q ? { q } : {}),
      ...(category ? { category } : {}),
      ...(rule.conditions.contexts?.[0] ? { context: rule.conditions.contexts[0] } : {}),
      ...(rule.conditions.startsAt ? { at: rule.conditions.startsAt } : {}),
      draftRules: [{ ...rule, name: rule.name || 'This rule', enabled: true, ...(id ? { id } : {}) }],
    };
    try {
      const answer = await ctx.api.post('/v1/merchandising/preview', body);
      if (mine !== ticket) return;
      last = { answer, what: q ? `“${q}”` : `category ${category}` };
      render();
    } catch (error) {
      if (mine !== ticket || ctx.failed(error)) return;
      last = null;
      clear(box).append(
        h('p', {
          class: 'muted',
          text: error.status === 400 ? `Not previewed yet: ${error.message}` : `The preview is unavailable: ${error.message}`,
        }),
      );
    } finally {
      if (mine === ticket) box.setAttribute('aria-busy', 'false');
    }
  }

  return {
    /** Called on every edit: previews once typing pauses. */
    changed() {
      clearTimeout(timer);
      timer = setTimeout(() => void run(), 500);
    },
    opened() {
      shown = 'draft';
      last = null;
      clear(box);
      panel.hidden = false;
      this.changed();
    },
    closed() {
      clearTimeout(timer);
      ticket++;
      panel.hidden = true;
    },
  };
}
