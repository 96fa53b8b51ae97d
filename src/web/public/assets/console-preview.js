import { h, clear, formatCount, byId } from './dom.js';
import { clearErrors, showFieldError, showFormAlert } from './form-errors.js';
import { formatNumber, optionalText } from './form-values.js';
import { localToIso, zoneLabel } from './dates.js';
import { positionChange, scoreBreakdown } from './console-preview-model.js';
import { priceText, stockBadge, thumbnail } from './console-products.js';
import { draftLiveTabs, pinWarnings } from './console-draft-live.js';

/**
 * Live against draft, side by side: the storefront's own search run with
 * what is published and with the unsaved rule and/or weights, each hit with
 * its move and its score taken apart, and the rules that fired with why.
 */
export function createPreviewView(ctx) {
  const form = byId('preview-form');
  const results = byId('preview-results');
  const includeRule = byId('preview-include-rule');
  const includeWeights = byId('preview-include-weights');
  let pending = null;
  byId('preview-zone').textContent = zoneLabel();

  /** A draft as its view gives it; what cannot be read (not JSON, not a number) is thrown labelled with where it is. */
  function draft(kind) {
    try {
      return ctx.drafts[kind]?.() ?? null;
    } catch (error) {
      error.draft = kind;
      throw error;
    }
  }
  const draftPlaces = {
    rule: { label: 'The rule in the editor', link: h('a', { href: '#rules', text: 'Back to the rule editor' }) },
    weights: { label: 'The unsaved weights', link: h('a', { href: '#weights', text: 'Back to the weights' }) },
  };

  /** Offers only the drafts that exist now, and says which they are. */
  function refreshDrafts() {
    let rule;
    try {
      rule = ctx.drafts.rule?.() ?? null;
    } catch {
      rule = { name: 'the rule being edited' };
    }
    let weights;
    try {
      weights = ctx.drafts.weights?.() ?? null;
    } catch {
      weights = { name: 'the weights form' };
    }
    includeRule.disabled = !rule;
    if (!rule) includeRule.checked = false;
    byId('preview-rule-name').textContent = rule ? ` “${rule.name}” (unsaved)` : ' (none open)';
    includeWeights.disabled = !weights;
    if (!weights) includeWeights.checked = false;
    byId('preview-weights-name').textContent = weights ? ` (${weights.name})` : ' (none changed)';
    byId('preview-back').hidden = !rule;
  }

  function body() {
    const out = {
      q: optionalText(byId('preview-q').value),
      category: optionalText(byId('preview-category').value),
      context: optionalText(byId('preview-context').value),
      at: localToIso(byId('preview-at').value),
    };
    // A draft rule is tried as enabled even when it is saved disabled: previewing it is asking what it would do.
    if (includeRule.checked) out.draftRules = [{ ...draft('rule').rule, enabled: true }];
    if (includeWeights.checked) out.draftWeights = draft('weights').weights;
    return out;
  }

  /** Errors about the drafts belong to the rule editor or the weights form; say which, and keep the rest beside the query. */
  function showError(error) {
    const field = error.field ?? '';
    if (field.startsWith('draftRules')) {
      showFormAlert(
        form,
        `The rule in the editor: ${error.message} (${field.replace(/^draftRules\[0\]\.?/, '') || 'rule'}). `,
        h('a', { href: '#rules', text: 'Back to the rule editor' }),
      );
    } else if (field.startsWith('draftWeights')) {
      showFormAlert(form, `The unsaved weights: ${error.message} `, h('a', { href: '#weights', text: 'Back to the weights' }));
    } else {
      showFieldError(form, field, error.message);
    }
  }

  async function run() {
    clearErrors(form);
    refreshDrafts();
    let request;
    try {
      request = body();
    } catch (error) {
      // A draft has something it cannot even send (data that is not JSON, a number that is not one): its own form shows where.
      const place = draftPlaces[error.draft] ?? draftPlaces.rule;
      showFormAlert(form, `${place.label}: ${error.message} `, place.link.cloneNode(true));
      return;
    }
    if (!request.q && !request.category) {
      showFieldError(form, 'q', 'Type a query or a category to preview.');
      return;
    }
    results.setAttribute('aria-busy', 'true');
    try {
      const answer = await ctx.api.post('/v1/merchandising/preview', request);
      render(answer, request);
      ctx.announce(summaryText(answer));
    } catch (error) {
      if (error.status === 400) showError(error);
      else if (!ctx.failed(error))
        showFormAlert(form, error.status === 503 ? 'Search is unavailable right now; try again in a moment.' : error.message);
    } finally {
      results.setAttribute('aria-busy', 'false');
    }
  }

  function summaryText({ live, draft, removed }) {
    const moved = draft.hits.filter((x) => x.change !== null && x.change !== 0).length;
    const added = draft.hits.filter((x) => x.change === null).length;
    return `Preview: live ${formatCount(live.total.value)} results, draft ${formatCount(draft.total.value)}. On this page ${moved} moved, ${added} new, ${removed.length} gone.`;
  }

  function firedRules(side) {
    if (side.rules.length === 0) return h('p', { class: 'muted', text: 'No rule applies.' });
    return h(
      'ul',
      { class: 'fired-rules' },
      side.rules.map((r) =>
        h(
          'li',
          {},
          h('strong', { text: r.name }),
          ` (priority ${r.priority}): ${r.reasons.join('; ')}. `,
          r.applied.length > 0 ? `Did: ${r.applied.join(', ')}. ` : 'Changed nothing here. ',
          r.skipped.map((s) => h('span', { class: 'skipped', text: `Not applied: ${s.action}, ${s.reason}. ` })),
        ),
      ),
    );
  }

  function notices(side) {
    const out = [];
    if (side.redirect) out.push(`Redirects to ${side.redirect}.`);
    if (side.rewrittenQuery) out.push(`Searches for “${side.rewrittenQuery}” instead.`);
    if (side.correctedQuery) out.push(`Spelling correction: “${side.correctedQuery}”.`);
    if (side.relaxed) out.push('No product matched every word: showing partial matches.');
    for (const b of side.banners ?? []) out.push(`Banner “${b.title}” (${b.placement ?? 'top'}).`);
    return out.map((text) => h('p', { class: 'notice', text }));
  }

  function scoreDetails(hit, ruleNames) {
    if (hit.pinned) return h('span', { class: 'muted small', text: 'Placed by a pin, not scored.' });
    if (!hit.components) return null;
    const rows = scoreBreakdown(hit.components, ruleNames).flatMap((row) => [
      h('tr', {}, h('th', { scope: 'row', text: row.label }), h('td', { class: 'number', text: row.value })),
      ...(row.parts ?? []).map((part) =>
        h('tr', { class: 'part' }, h('th', { scope: 'row', text: part.label }), h('td', { class: 'number', text: part.value })),
      ),
    ]);
    return h(
      'details',
      { class: 'score' },
      h('summary', { text: `Score ${formatNumber(hit.components.score)}` }),
      h('table', { class: 'score-table' }, h('tbody', {}, rows)),
    );
  }

  function hitItem(hit, { draft, ruleNames }) {
    const change = draft ? positionChange(hit) : null;
    return h(
      'li',
      { class: 'hit', dataset: { id: hit.id, position: hit.position } },
      h('span', { class: 'pos', 'aria-label': `Position ${hit.position}`, text: hit.position }),
      thumbnail(hit),
      h(
        'div',
        { class: 'hit-main' },
        h('span', { class: 'hit-title', text: hit.title }),
        h(
          'span',
          { class: 'hit-facts' },
          h('span', { class: 'card-price', text: priceText(hit) }),
          ' ',
          stockBadge(hit),
          ' ',
          h('span', { class: 'card-merchant', text: hit.merchant?.name ?? '' }),
        ),
        h('span', { class: 'hit-id', text: hit.id }),
        hit.pinned ? h('span', { class: 'badge pinned', text: 'Pinned' }) : null,
        change
          ? h(
              'span',
              { class: `change ${change.kind}`, title: change.label },
              h('span', { 'aria-hidden': 'true', text: change.text }),
              h('span', { class: 'visually-hidden', text: change.label }),
            )
          : null,
        scoreDetails(hit, ruleNames),
      ),
    );
  }

  /** Which side a phone shows (both show side by side from 960px). */
  let shownSide = 'draft';

  function side(id, title, subtitle, data, { draft }) {
    const ruleNames = new Map(data.rules.map((r) => [r.id, r.name]));
    const active = shownSide === (draft ? 'draft' : 'live');
    return h(
      'section',
      {
        class: `preview-side${draft ? ' draft' : ''}${active ? ' active' : ''}`,
        id,
        role: 'tabpanel',
        'aria-labelledby': `${id}-heading`,
      },
      h('h2', { id: `${id}-heading` }, title, ' ', h('span', { class: 'muted', text: subtitle })),
      h('p', {
        class: 'meta',
        text: `${formatCount(data.total.value)}${data.total.exact ? '' : '+'} results · weights from ${data.weights.sources.join(' → ')}`,
      }),
      ...notices(data),
      firedRules(data),
      h(
        'ol',
        { class: 'preview-hits', 'aria-label': `${title} results` },
        data.hits.map((hit) => hitItem(hit, { draft, ruleNames })),
      ),
      ...partialMatches(title, data, { draft, ruleNames }),
    );
  }

  /** What the storefront shows after a short first page, under its heading there: products matching some of the words. */
  function partialMatches(title, data, options) {
    const partial = data.partialMatches ?? [];
    if (partial.length === 0) return [];
    return [
      h('h3', { class: 'partial-matches-heading', text: 'Matching some of the words' }),
      h(
        'ol',
        { class: 'preview-hits partial-matches', start: partial[0].position, 'aria-label': `${title} partial matches` },
        partial.map((hit) => hitItem(hit, options)),
      ),
    ];
  }

  function render(answer, request) {
    const removed =
      answer.removed.length === 0
        ? null
        : h(
            'div',
            { class: 'removed' },
            h('h3', { text: 'No longer on this page' }),
            h(
              'ul',
              {},
              answer.removed.map((r) => h('li', { dataset: { id: r.id }, text: `${r.title} (${r.id}), was ${r.livePosition}` })),
            ),
          );
    const drafts = [
      request.draftRules ? 'the unsaved rule, as if enabled' : null,
      request.draftWeights ? 'the unsaved weights' : null,
    ].filter(Boolean);
    const conditions = [
      request.context ? `context ${request.context}` : null,
      request.at ? `at ${new Date(request.at).toLocaleString()}` : null,
    ].filter(Boolean);
    clear(results).append(
      h('p', {
        class: 'preview-summary',
        text: `${summaryText(answer)} Draft = live ${drafts.length > 0 ? `+ ${drafts.join(' + ')}` : 'with no changes'}${conditions.length > 0 ? `; both run for ${conditions.join(', ')}` : ''}.`,
      }),
      ...[pinWarnings(answer.warnings)].filter(Boolean),
      draftLiveTabs({
        prefix: 'preview',
        shown: shownSide,
        show: (side) => {
          shownSide = side;
          render(answer, request);
        },
      }),
      h(
        'div',
        { class: 'preview-columns' },
        side('preview-live', 'Live', 'what shoppers see now', answer.live, { draft: false }),
        h(
          'div',
          { class: 'preview-draft-column' },
          side('preview-draft', 'Draft', 'after publishing', answer.draft, { draft: true }),
          removed,
        ),
      ),
    );
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  /** Called before switching to this tab: fills the form and runs once the tab shows. */
  ctx.openPreview = (options) => {
    pending = options;
    if (location.hash === '#preview') void show();
    else location.hash = '#preview';
  };

  async function show() {
    refreshDrafts();
    if (!pending) return;
    const { q, category, context, at, includeRule: rule, includeWeights: weights } = pending;
    pending = null;
    byId('preview-q').value = q ?? '';
    byId('preview-category').value = category ?? '';
    byId('preview-context').value = context ?? '';
    byId('preview-at').value = at ?? '';
    includeRule.checked = Boolean(rule) && !includeRule.disabled;
    includeWeights.checked = Boolean(weights) && !includeWeights.disabled;
    if (!q && !category) {
      showFieldError(form, 'q', 'Type a query or a category to preview.');
      return;
    }
    await run();
  }

  return { heading: () => byId('preview-heading'), show };
}
