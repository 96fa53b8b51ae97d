import { h, clear, formatCount, byId } from './dom.js';
import { clearErrors, showFieldError, showFormAlert } from './form-errors.js';
import { numberValue, optionalList, optionalText } from './form-values.js';

/**
 * A/B experiments (issue 21): the list with start and stop, a form for a
 * control against one variant (a draft, as the preview takes it: typed as
 * JSON or taken from the rule and weights editors), and each experiment's
 * results with the verdict, which names no winner before the planned sample;
 * a winner can be promoted (published through the audited merchandising writes).
 */
export function createExperimentsView(ctx) {
  const form = byId('experiment-form');
  const resultsBox = byId('experiment-results');
  let shown = null;

  const percent = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(digits)} %`);
  const range = (i) => (Number.isFinite(i.low) ? `${percent(i.low)}–${percent(i.high)}` : '–');
  const money = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');

  function table(caption, columns, rows) {
    return h(
      'table',
      { class: 'data-table cards experiments-table' },
      h('caption', { class: 'visually-hidden', text: caption }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map(([label, , numeric]) => h('th', { scope: 'col', class: numeric ? 'number' : null, text: label })),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            columns.map(([label, value, numeric], i) => {
              const content = value(row);
              return h(
                i === 0 ? 'th' : 'td',
                { scope: i === 0 ? 'row' : null, class: numeric ? 'number' : null, dataset: { label } },
                ...(typeof content === 'string' ? [content] : [content]),
              );
            }),
          ),
        ),
      ),
    );
  }

  const action = (label, name, run) =>
    h('button', { type: 'button', class: 'button small', 'aria-label': `${label} ${name}`, text: label, on: { click: run } });

  async function act(run, done) {
    try {
      await run();
      ctx.announce(done);
      await load();
    } catch (error) {
      if (!ctx.failed(error)) ctx.announce(`That did not work: ${error.message}`);
    }
  }

  async function load() {
    let list;
    try {
      list = (await ctx.api.get('/v1/merchandising/experiments')).experiments;
    } catch (error) {
      if (!ctx.failed(error)) clear(byId('experiments-list')).append(h('p', { class: 'empty', text: `Could not load: ${error.message}` }));
      return;
    }
    const box = clear(byId('experiments-list'));
    if (list.length === 0) {
      box.append(h('p', { class: 'empty', text: 'No experiments yet.' }));
      return;
    }
    box.append(
      table(
        'Experiments',
        [
          ['Experiment', (e) => e.name],
          ['Status', (e) => (e.promotedVariant ? `${e.status}, ${e.promotedVariant} promoted` : e.status) + (e.aa ? ' (A/A)' : '')],
          ['Variants', (e) => e.variants.map((v) => `${v.name} ${v.share} %`).join(' · ')],
          ['Started', (e) => (e.startedAt ? new Date(e.startedAt).toLocaleString() : '–')],
          [
            'Actions',
            (e) =>
              h(
                'span',
                { class: 'row-buttons' },
                e.status === 'draft'
                  ? action('Start', e.name, () =>
                      act(() => ctx.api.post(`/v1/merchandising/experiments/${e.id}/start`, {}), `${e.name} started.`),
                    )
                  : null,
                e.status === 'running'
                  ? action('Stop', e.name, () =>
                      act(() => ctx.api.post(`/v1/merchandising/experiments/${e.id}/stop`, {}), `${e.name} stopped.`),
                    )
                  : null,
                e.status !== 'draft' ? action('Results', e.name, () => showResults(e.id, { focus: true })) : null,
              ),
          ],
        ],
        list,
      ),
    );
    if (shown) await showResults(shown);
  }

  async function showResults(id, { focus = false } = {}) {
    shown = id;
    let r;
    try {
      r = await ctx.api.get(`/v1/merchandising/experiments/${id}/results`);
    } catch (error) {
      if (!ctx.failed(error)) ctx.announce(`The results could not be loaded: ${error.message}`);
      return;
    }
    resultsBox.hidden = false;
    byId('experiment-results-heading').textContent = `Results: ${r.experiment.name}`;
    byId('experiment-verdict').textContent = r.verdict.message;
    byId('experiment-verdict').dataset.status = r.verdict.status;
    const versus = (v, metric) => {
      const c = v.versusControl?.[metric];
      if (!c) return 'control';
      // Relative to the control's rate; in percentage points when the control's is 0.
      const change =
        c.relativeDifference === null
          ? `${c.difference > 0 ? '+' : ''}${(c.difference * 100).toFixed(1)} points`
          : `${c.relativeDifference > 0 ? '+' : ''}${percent(c.relativeDifference)}`;
      return `${change} (p ${c.pValue.toPrecision(2)})`;
    };
    clear(byId('experiment-variants')).append(
      table(
        'Results per variant',
        [
          ['Variant', (v) => v.name],
          ['Shoppers', (v) => formatCount(v.users), true],
          ['Searches', (v) => formatCount(v.searches), true],
          ['Click-through', (v) => percent(v.clickThroughRate.value), true],
          ['Add to cart', (v) => `${percent(v.addToCartConversion.rate)} (${range(v.addToCartConversion.interval)})`, true],
          ['Purchase', (v) => `${percent(v.purchaseConversion.rate)} (${range(v.purchaseConversion.interval)})`, true],
          ['Revenue / search', (v) => money(v.revenuePerSearch.value), true],
          [
            `${r.primaryMetric === 'purchase_conversion' ? 'Purchase' : 'Add to cart'} vs control`,
            (v) => versus(v, r.primaryMetric === 'purchase_conversion' ? 'purchaseConversion' : 'addToCartConversion'),
          ],
        ],
        r.variants,
      ),
    );
    byId('experiment-plan').textContent =
      `Planned: ${formatCount(r.sampleSizePerVariant)} shoppers per variant. Sample ratio check: p = ${r.sampleRatio.pValue.toPrecision(2)}${r.sampleRatio.mismatch ? ' (mismatch)' : ''}. ${r.test}`;
    const promote = byId('experiment-promote');
    promote.hidden = !(r.verdict.winner && r.experiment.promotedVariant === null);
    promote.textContent = r.verdict.winner ? `Promote ${r.verdict.winner} to live` : 'Promote';
    promote.onclick = () =>
      act(
        () => ctx.api.post(`/v1/merchandising/experiments/${id}/promote`, {}),
        `${r.verdict.winner} is live; its changes are in the rules, synonyms and weights histories.`,
      );
    if (focus) byId('experiment-results-heading').focus();
  }

  /** The variant's draft from the rule and weights editors, as the preview would take it. */
  byId('experiment-use-drafts').addEventListener('click', () => {
    const rule = ctx.drafts.rule?.() ?? null;
    const weights = ctx.drafts.weights?.() ?? null;
    const draft = {
      ...(rule ? { draftRules: [rule.rule] } : {}),
      ...(weights ? { draftWeights: weights.weights } : {}),
    };
    byId('experiment-draft').value = JSON.stringify(draft, null, 2);
    ctx.announce(rule || weights ? 'The editors’ drafts are in the variant.' : 'No rule or weights are being edited.');
  });

  function body() {
    let draft = {};
    const text = byId('experiment-draft').value.trim();
    if (text !== '') {
      try {
        draft = JSON.parse(text);
      } catch {
        const error = new Error('This is not JSON.');
        error.field = 'variants[1]';
        throw error;
      }
    }
    const share = numberValue(byId('experiment-share')) ?? 50;
    return {
      name: byId('experiment-name').value,
      aa: byId('experiment-aa').checked,
      variants: [
        { name: optionalText(byId('experiment-control-name').value) ?? 'control', share: 100 - share },
        { name: optionalText(byId('experiment-variant-name').value) ?? 'variant', share, ...draft },
      ],
      targeting: {
        queries: optionalList(byId('experiment-queries').value),
        categories: optionalList(byId('experiment-categories').value),
        contexts: optionalList(byId('experiment-contexts').value),
      },
      plan: {
        primaryMetric: byId('experiment-metric').value,
        baselineRate: numberValue(byId('experiment-baseline')),
        minimumDetectableEffect: numberValue(byId('experiment-mde')),
      },
    };
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    let input;
    try {
      input = body();
    } catch (error) {
      showFieldError(form, error.field, error.message);
      return;
    }
    try {
      const created = await ctx.api.post('/v1/merchandising/experiments', input);
      ctx.announce(`Experiment ${created.name} created; start it from the list.`);
      form.reset();
      await load();
    } catch (error) {
      if (error.status === 400) showFieldError(form, error.field, error.message);
      else if (!ctx.failed(error)) showFormAlert(form, `The experiment could not be created: ${error.message}`);
    }
  });

  return { heading: () => byId('experiments-heading'), show: load };
}
