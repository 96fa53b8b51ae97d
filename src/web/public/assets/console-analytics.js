import { h, clear, formatCount, byId } from './dom.js';
import { addDays, dayOf, dayRange } from './dates.js';
import { clearErrors, showFieldError, showFormAlert } from './form-errors.js';
import { numberValue } from './form-values.js';
import { barChart } from './bar-chart.js';
import { dayChart } from './console-day-chart.js';
import { positionChart } from './console-position-chart.js';

/**
 * Search analytics over whole local days, for every storefront context or
 * one: headline figures, searches per day, clicks by the clicked result's
 * position, the most searched queries (chart and table), queries that found
 * nothing, and queries searched often but rarely clicked. Each query can be
 * opened in the preview.
 */
export function createAnalyticsView(ctx) {
  const form = byId('analytics-form');
  const chartBox = byId('top-queries-chart');
  let topQueries = [];
  let loaded = false;

  const today = dayOf(new Date());
  byId('analytics-from').value = addDays(today, -6);
  byId('analytics-to').value = today;

  const percent = (ctr) => `${(ctr * 100).toFixed(ctr < 0.1 && ctr > 0 ? 1 : 0)} %`;
  const previewButton = (query) =>
    h('button', {
      type: 'button',
      class: 'button small',
      'aria-label': `Preview “${query}”`,
      text: 'Preview',
      on: { click: () => ctx.openPreview({ q: query, category: '', includeRule: false, includeWeights: false }) },
    });

  /** One click from a query to fixing it: a synonym, a rule, or the results to merchandise. */
  const fixButtons = (query, { synonym = false } = {}) => [
    synonym
      ? h('button', {
          type: 'button',
          class: 'button small',
          dataset: { act: 'synonym' },
          'aria-label': `Add synonym for “${query}”`,
          text: 'Add synonym',
          on: { click: () => ctx.prefillSynonym(query) },
        })
      : null,
    h('button', {
      type: 'button',
      class: 'button small',
      dataset: { act: 'rule' },
      'aria-label': `Create rule for “${query}”`,
      text: 'Create rule',
      on: { click: () => ctx.newRuleFor(query) },
    }),
    h('button', {
      type: 'button',
      class: 'button small',
      dataset: { act: 'visual' },
      'aria-label': `Merchandise the results for “${query}”`,
      text: 'Merchandise',
      on: { click: () => ctx.openVisual({ q: query }) },
    }),
  ];

  function table(caption, columns, rows, empty, actions = (row) => [previewButton(row.query)]) {
    if (rows.length === 0) return h('p', { class: 'empty', text: empty });
    return h(
      'table',
      { class: 'data-table cards analytics-table' },
      h('caption', { class: 'visually-hidden', text: caption }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map(([label, , numeric]) => h('th', { scope: 'col', class: numeric ? 'number' : null, text: label })),
          h('th', { scope: 'col', text: 'Act' }),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            { dataset: { query: row.query } },
            columns.map(([label, value, numeric], i) =>
              i === 0
                ? h('th', { scope: 'row', dataset: { label } }, h('span', { class: 'query-text', title: value(row), text: value(row) }))
                : h('td', { class: numeric ? 'number' : null, dataset: { label }, text: value(row) }),
            ),
            h('td', { class: 'row-buttons' }, actions(row)),
          ),
        ),
      ),
    );
  }

  /** The px the chart can use: its box's content width (shown first, so it can be measured). */
  function chartWidth() {
    chartBox.hidden = false;
    const style = getComputedStyle(chartBox);
    return chartBox.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }

  function drawChart() {
    chartBox.hidden = topQueries.length === 0;
    if (chartBox.hidden) return;
    const items = topQueries.slice(0, 10).map((q) => ({ label: q.query, value: q.searches, part: q.clicks }));
    const total = items.reduce((sum, i) => sum + i.value, 0);
    clear(chartBox).append(
      barChart({
        title: 'Searches per query, with clicks inside each bar',
        description: items.map((i) => `${i.label}: ${i.value} searches, ${i.part} clicks`).join('; '),
        items,
        width: Math.max(240, chartWidth()),
      }),
      h(
        'p',
        { class: 'legend' },
        h('span', { class: 'legend-item' }, h('span', { class: 'key searches', 'aria-hidden': 'true' }), 'searches'),
        h('span', { class: 'legend-item' }, h('span', { class: 'key clicks', 'aria-hidden': 'true' }), 'clicks'),
        h('span', { text: `(the top ${items.length} queries: ${formatCount(total)} searches)` }),
      ),
    );
  }

  let days = [];
  let positions = [];
  const headlineBox = byId('analytics-headline');
  const daysBox = byId('searches-per-day');
  const positionsBox = byId('click-positions');
  const contextSelect = byId('analytics-context');

  /** The contexts searched in the period to choose from; the one chosen stays, even when the period has none of it. */
  function fillContexts(contexts) {
    const chosen = contextSelect.value;
    const names = contexts.map((c) => c.context);
    if (chosen && !names.includes(chosen)) names.unshift(chosen);
    const counts = new Map(contexts.map((c) => [c.context, c.searches]));
    clear(contextSelect).append(
      h('option', { value: '', text: 'All contexts' }),
      ...names.map((name) => h('option', { value: name, text: `${name} (${formatCount(counts.get(name) ?? 0)} searches)` })),
    );
    contextSelect.value = chosen;
  }

  /** The px a chart box can use: its content width (shown first, so it can be measured). */
  const boxWidth = (box) => {
    box.hidden = false;
    const style = getComputedStyle(box);
    return box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  };

  function drawPositions(withoutPosition) {
    const clicked = positions.some((b) => b.clicks > 0);
    positionsBox.hidden = !clicked;
    if (clicked) clear(positionsBox).append(positionChart({ bands: positions, width: Math.max(240, boxWidth(positionsBox)) }));
    if (withoutPosition === undefined) return;
    byId('click-positions-note').textContent = clicked
      ? withoutPosition > 0
        ? `${formatCount(withoutPosition)} more clicks did not say their position.`
        : ''
      : 'No clicks with a position in this period.';
  }

  function headline(o) {
    const figure = (label, value, note) =>
      h(
        'div',
        { class: 'figure' },
        h('dt', { text: label }),
        h('dd', {}, h('span', { class: 'figure-value', text: value }), note ? h('span', { class: 'figure-note', text: note }) : null),
      );
    clear(headlineBox).append(
      figure('Searches', formatCount(o.searches), `${formatCount(o.shoppers)} shoppers`),
      figure('No results', percent(o.noResultRate), `${formatCount(o.zeroResultSearches)} searches`),
      figure('Click-through', percent(o.ctr), `${formatCount(o.clicks)} clicks`),
      figure('Added to cart', percent(o.addToCartRate), 'of searching shoppers'),
      figure('Bought', percent(o.purchaseRate), 'of searching shoppers'),
      figure('Noise left out', formatCount(o.noiseSearches), 'attack strings, junk'),
    );
  }

  function drawDays() {
    daysBox.hidden = days.length === 0;
    if (daysBox.hidden) return;
    daysBox.hidden = false;
    const style = getComputedStyle(daysBox);
    const width = daysBox.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    clear(daysBox).append(dayChart({ days, width: Math.max(240, width) }));
  }

  async function load() {
    clearErrors(form);
    const from = byId('analytics-from').value;
    const to = byId('analytics-to').value;
    if (!from || !to) {
      showFieldError(form, from ? 'to' : 'from', 'Choose a day.');
      return;
    }
    const period = { ...dayRange(from, to), context: contextSelect.value, limit: 50 };
    let lowCtr;
    try {
      lowCtr = { ...period, min_searches: numberValue(byId('analytics-min-searches')), max_ctr: numberValue(byId('analytics-max-ctr')) };
    } catch (error) {
      showFieldError(form, error.field, error.message);
      return;
    }
    byId('analytics-results').setAttribute('aria-busy', 'true');
    try {
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
      const [overview, top, zero, low] = await Promise.all([
        ctx.api.get('/v1/merchandising/analytics/overview', {
          from: period.from,
          to: period.to,
          context: period.context,
          time_zone: timeZone,
        }),
        ctx.api.get('/v1/merchandising/analytics/top-queries', period),
        ctx.api.get('/v1/merchandising/analytics/zero-results', { ...period, min_shoppers: byId('analytics-one-offs').checked ? 1 : 2 }),
        ctx.api.get('/v1/merchandising/analytics/low-ctr', lowCtr),
      ]);
      topQueries = top.queries;
      days = overview.days;
      positions = overview.clickPositions;
      loaded = true;
      fillContexts(overview.contexts);
      headline(overview);
      drawChart();
      drawDays();
      drawPositions(overview.clicksWithoutPosition);
      clear(byId('top-queries')).append(
        table(
          'Top queries',
          [
            ['Query', (r) => r.query],
            ['Searches', (r) => formatCount(r.searches), true],
            ['Shoppers', (r) => formatCount(r.shoppers), true],
            ['No results', (r) => formatCount(r.zeroResultSearches), true],
            ['Clicks', (r) => formatCount(r.clicks), true],
            ['Click-through', (r) => percent(r.ctr), true],
          ],
          top.queries,
          'No searches in this period.',
        ),
      );
      clear(byId('zero-results')).append(
        table(
          'Queries with no results',
          [
            ['Query', (r) => r.query],
            ['Searches', (r) => formatCount(r.searches), true],
            ['Shoppers', (r) => formatCount(r.shoppers), true],
            ['Last searched', (r) => new Date(r.lastSearchedAt).toLocaleString()],
          ],
          zero.queries,
          'Every search in this period found something.',
          (row) => fixButtons(row.query, { synonym: true }),
        ),
      );
      clear(byId('low-ctr')).append(
        table(
          'Searched often, clicked rarely',
          [
            ['Query', (r) => r.query],
            ['Searches', (r) => formatCount(r.searches), true],
            ['Clicks', (r) => formatCount(r.clicks), true],
            ['Click-through', (r) => percent(r.ctr), true],
          ],
          low.queries,
          'No query matches these limits in this period.',
          (row) => [previewButton(row.query), ...fixButtons(row.query)],
        ),
      );
      ctx.announce(
        `Analytics from ${from} to ${to}${period.context ? ` in context ${period.context}` : ''}: ${top.queries.length} queries, ${zero.queries.length} without results, ${low.queries.length} rarely clicked.`,
      );
    } catch (error) {
      // The period's inputs are days; the API names them by its own parameters.
      if (error.status === 400) showFieldError(form, error.field, error.message);
      else if (!ctx.failed(error)) showFormAlert(form, `The analytics could not be loaded: ${error.message}`);
    } finally {
      byId('analytics-results').setAttribute('aria-busy', 'false');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  contextSelect.addEventListener('change', () => void load());
  // Drawn at the width it has, so redrawn when that changes (a phone turned, a window resized).
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (!loaded || byId('analytics-view').hidden) return;
      drawChart();
      drawDays();
      drawPositions();
    }, 150);
  });

  return { heading: () => byId('analytics-heading'), show: load };
}
