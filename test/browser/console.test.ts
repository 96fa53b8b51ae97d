import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createApiKey } from '../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { startTestApi, type TestApi } from '../support/http';
import { loadSearchCatalog } from '../support/search-catalog';
import { collectPageProblems, focusedPath, sidewaysOverflow } from './console-support';
import { artifact, launchChromium } from './support';

/**
 * The merchandiser console in a real browser, over the real app and services
 * with the small search fixture catalogue: a pin rule written in the form,
 * previewed against live, published, and seen first on the storefront; the
 * API's validation messages beside their fields; synonyms, weights and
 * analytics. Screenshots are saved under test/browser/artifacts/.
 */
describe('merchandiser console in Chromium', () => {
  const query = 'running shoes';
  const ruleName = 'Pin for running shoes';
  let env: TestEnvironment;
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  let publicKey: string;
  let merchandiserKey: string;
  /** The product the rule pins: whichever the live search ranks last, so the pin has to move it. */
  let pinned: { id: string; title: string; livePosition: number };
  let problems: string[];

  before(async () => {
    env = await createTestEnvironment();
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    publicKey = (await createApiKey(env.db, { role: 'public' })).key;
    merchandiserKey = (await createApiKey(env.db, { role: 'merchandiser' })).key;
    api = await startTestApi({
      ...env,
      config: { ...env.config, env: 'development', demoPublicKey: publicKey, demoMerchandiserKey: merchandiserKey },
    });
    const live = await api.request('GET', `/v1/search?q=${encodeURIComponent(query)}`, { key: publicKey });
    assert.ok(live.body.hits.length >= 3, 'the fixture has several hits for the query');
    pinned = { id: live.body.hits.at(-1).id, title: live.body.hits.at(-1).title, livePosition: live.body.hits.length };
    browser = await launchChromium();
    // A zone an hour or two off UTC with daylight saving, so a time converted wrongly between the inputs and the API shows.
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin' });
    // Refused on purpose below: invalid rules, synonyms and weights (400), a stale rule version (409).
    problems = collectPageProblems(page, [
      { status: 400, path: /^\/v1\/merchandising\/(rules(\/\d+)?|synonyms|weights\/global)$/ },
      { status: 409, path: /^\/v1\/merchandising\/rules\/\d+$/ },
    ]);
  });
  after(async () => {
    await browser?.close();
    await api?.close();
    await env?.cleanup();
  });

  const merch = (method: string, path: string, body?: unknown) =>
    api.request(method, `/v1/merchandising${path}`, { key: merchandiserKey, body });
  const rulesLoaded = () => page.locator('#rules-list[aria-busy="false"]').waitFor();
  /** What the console announced last (its live region): the sign that a change went through. */
  const waitForStatus = (text: RegExp) => page.locator('#console-status', { hasText: text }).waitFor();
  const saveRule = () => page.click('#rule-form button[type="submit"]');
  const ruleRow = () => page.locator('#rules-list tbody tr', { hasText: ruleName });
  /** The error shown in the same field wrapper (or table cell) as the input with this API path. */
  const errorBeside = (path: string) => page.locator(`:is(.field, td):has(> [data-path="${path}"]) .field-error`);
  /** The queries an analytics table lists, in order. */
  const queriesIn = async (table: string) =>
    Promise.all((await page.locator(`${table} tbody tr`).all()).map((row) => row.getAttribute('data-query')));

  it('opens on the rules with the demo key the server handed over', async () => {
    const response = await page.goto(`${api.baseUrl}/console`);
    assert.match((await response?.headerValue('content-security-policy')) ?? '', /script-src 'self'; style-src 'self'/);
    assert.equal(await response?.headerValue('cache-control'), 'no-store', 'a page with a merchandiser key is never cached');
    assert.doesNotMatch((await response?.text()) ?? '', /https?:\/\//, 'nothing comes from another host: the console works offline');
    await rulesLoaded();
    assert.equal(await page.isVisible('#key-view'), false);
    assert.match((await page.textContent('#rules-list')) ?? '', /No rules yet/);
    assert.equal(await page.getAttribute('#console-nav a[href="#rules"]', 'aria-current'), 'page');
  });

  it('shows the API’s validation messages beside the fields they name', async () => {
    await page.click('#new-rule');
    assert.equal(await page.evaluate('document.activeElement.id'), 'rule-form-heading', 'the keyboard moves to the editor');
    await page.fill('#rule-name', ruleName);
    await page.fill('#rule-query-values', query);
    await page.selectOption('#new-action-type', 'pin');
    await page.click('#add-action');
    assert.equal(await focusedPath(page), 'actions[0].pins[0].productId', 'the new action’s first input has the focus');
    await page.keyboard.type('no-such-product');

    await saveRule();
    const productError = errorBeside('actions[0].pins[0].productId');
    await productError.waitFor();
    assert.equal(await productError.textContent(), 'Unknown product "no-such-product".');
    assert.equal(await page.getAttribute('[data-path="actions[0].pins[0].productId"]', 'aria-invalid'), 'true');
    assert.equal(await focusedPath(page), 'actions[0].pins[0].productId');
    await page.screenshot({ path: artifact('console-1-validation.png'), fullPage: true });

    await page.fill('[data-path="actions[0].pins[0].productId"]', pinned.id);
    await page.fill('#rule-starts-at', '2030-01-02T10:00');
    await page.fill('#rule-ends-at', '2030-01-01T10:00');
    await saveRule();
    await errorBeside('conditions.endsAt').waitFor();
    assert.match((await errorBeside('conditions.endsAt').textContent()) ?? '', /endsAt must be after startsAt/);
    assert.equal(await productError.count(), 0, 'the earlier message is gone');
    assert.equal(await focusedPath(page), 'conditions.endsAt');
    await page.fill('#rule-starts-at', '');
    await page.fill('#rule-ends-at', '');
    assert.equal((await merch('GET', '/rules')).body.total, 0, 'nothing invalid was stored');
  });

  it('previews the unsaved pin rule: the pinned product moves to position 1 in the draft', async () => {
    await page.click('#preview-rule');
    await page.waitForURL(/#preview$/);
    const draftFirst = page.locator('#preview-draft .hit').first();
    await draftFirst.waitFor();
    assert.equal(await page.inputValue('#preview-q'), query);
    assert.equal(await page.isChecked('#preview-include-rule'), true);
    assert.equal(await draftFirst.getAttribute('data-id'), pinned.id);
    assert.match((await draftFirst.textContent()) ?? '', /Pinned/);
    assert.match(
      (await draftFirst.locator('.change').textContent()) ?? '',
      new RegExp(`▲ ${pinned.livePosition - 1}.*up ${pinned.livePosition - 1} places from ${pinned.livePosition}`),
    );
    assert.equal(await page.getAttribute(`#preview-live .hit[data-id="${pinned.id}"]`, 'data-position'), String(pinned.livePosition));
    assert.match((await page.textContent('#preview-draft .fired-rules')) ?? '', new RegExp(`${ruleName}.*query is "${query}".*Did: pin`));
    assert.match((await page.textContent('#preview-live')) ?? '', /No rule applies/);
    // Score explanations open with the keyboard like any details element.
    const liveScore = page.locator('#preview-live .hit details.score').first();
    await liveScore.locator('summary').focus();
    await page.keyboard.press('Enter');
    assert.match((await liveScore.textContent()) ?? '', /Text relevance.*× text weight.*× signals.*= score/s);
    await page.screenshot({ path: artifact('console-2-preview.png'), fullPage: true });
    assert.equal((await merch('GET', '/rules')).body.total, 0, 'previewing publishes nothing');
  });

  it('lists after the results the partial matches a short first page goes on with, as the storefront (review of 6e54928)', async () => {
    const short = 'red running shoes';
    const shopper = (await api.request('GET', `/v1/search?q=${encodeURIComponent(short)}`, { key: publicKey })).body;
    assert.ok(shopper.partialMatches.length > 0, 'the fixture has partial matches for the query');
    await page.fill('#preview-q', short);
    await page.click('#preview-form button[type="submit"]');
    const partial = page.locator('#preview-live .partial-matches .hit');
    await partial.first().waitFor();
    assert.deepEqual(
      await partial.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id'))),
      shopper.partialMatches.map((hit: { id: string }) => hit.id),
    );
    assert.equal(await partial.first().getAttribute('data-position'), String(shopper.hits.length + 1), 'positions follow the results');
    assert.equal(await page.textContent('#preview-live .partial-matches-heading'), 'Matching some of the words');
    // Back to the rule's query, as the next steps expect.
    await page.fill('#preview-q', query);
    await page.click('#preview-form button[type="submit"]');
    await page.locator('#preview-live .partial-matches').waitFor({ state: 'detached' });
    await page.locator(`#preview-draft .hit[data-id="${pinned.id}"][data-position="1"]`).waitFor();
  });

  it('publishes the rule, and disables and enables it from the list', async () => {
    await page.click('#preview-back');
    await page.locator('#rule-form:not([hidden])').waitFor();
    assert.equal(await page.inputValue('#rule-name'), ruleName, 'the editor kept what was typed');
    await saveRule();
    await waitForStatus(/saved as version 1: it applies on the storefront now/);
    await ruleRow().waitFor();
    // The list names the product, as the merchandiser knows it, not by its id.
    assert.match((await ruleRow().textContent()) ?? '', new RegExp(`Enabled.*query is “${query}”.*pin ${pinned.title} at 1`));
    const [stored] = (await merch('GET', '/rules')).body.rules;
    assert.deepEqual(
      { enabled: stored.enabled, conditions: stored.conditions, actions: stored.actions },
      {
        enabled: true,
        conditions: { query: { match: 'is', values: [query] } },
        actions: [{ type: 'pin', pins: [{ productId: pinned.id, position: 1 }] }],
      },
    );

    await ruleRow().locator('[data-act="toggle"]').click();
    await ruleRow().locator('.badge', { hasText: 'Disabled' }).waitFor();
    assert.equal(await page.evaluate('document.activeElement.dataset.act'), 'toggle', 'focus stays on the toggle');
    assert.equal((await merch('GET', `/rules/${stored.id}`)).body.enabled, false);
    await ruleRow().locator('[data-act="toggle"]').click();
    await ruleRow().locator('.badge', { hasText: 'Enabled' }).waitFor();
    const enabled = (await merch('GET', `/rules/${stored.id}`)).body;
    assert.deepEqual([enabled.enabled, enabled.version], [true, 3]);
    await page.screenshot({ path: artifact('console-3-rules.png'), fullPage: true });
  });

  it('the storefront in the same browser shows the pinned product first', async () => {
    await page.goto(`${api.baseUrl}/`);
    await page.fill('#search-input', query);
    await page.keyboard.press('Enter');
    await page.locator('#results-status', { hasText: /of \d+ products/ }).waitFor();
    assert.equal(await page.getAttribute('#results .card-link >> nth=0', 'href'), `/?product=${pinned.id}`);
  });

  it('explains a version conflict instead of overwriting someone else’s change', async () => {
    await page.goto(`${api.baseUrl}/console#rules`);
    await ruleRow().locator('[data-act="edit"]').click();
    const [rule] = (await merch('GET', '/rules')).body.rules;
    const { id: _id, version, createdAt: _c, updatedAt: _u, ...definition } = rule;
    assert.equal(
      (await merch('PUT', `/rules/${rule.id}`, { ...definition, priority: 7, version })).status,
      200,
      'someone else saves first',
    );

    await page.fill('#rule-priority', '3');
    await saveRule();
    const alert = page.locator('#rule-form .form-error');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /Someone else saved this rule.*not saved.*version 4, not 3/);
    assert.equal((await merch('GET', `/rules/${rule.id}`)).body.priority, 7, 'their change stands');
    await alert.locator('button', { hasText: 'Load the latest version' }).click();
    await page.locator('#rule-version', { hasText: 'Version 4' }).waitFor();
    assert.equal(await page.inputValue('#rule-priority'), '7');
    await page.fill('#rule-priority', '3');
    await saveRule();
    await waitForStatus(/saved as version 5/);
    assert.equal((await merch('GET', `/rules/${rule.id}`)).body.priority, 3);
  });

  it('edits every kind of condition and action, keeping what the editor does not touch exactly as it was', async () => {
    const everything = {
      name: 'Every field',
      enabled: false,
      priority: -5,
      // A query with a comma, a start with seconds: both come back from the editor as they went in.
      conditions: {
        query: { match: 'starts_with', values: ['sneakers', "men's shoes, 42"] },
        category: { id: 'shoes', includeDescendants: false },
        contexts: ['app', 'de-de'],
        startsAt: '2030-01-01T10:00:30Z',
        endsAt: '2030-02-01T00:30:00Z',
      },
      actions: [
        {
          type: 'pin',
          pins: [
            { productId: 'shoe-2', position: 1 },
            { productId: 'shoe-3', position: 4 },
          ],
        },
        { type: 'hide', productIds: ['boot-1', 'pan-2'] },
        { type: 'boost', filter: { brandIds: ['nimbus', 'stride'], price: { min: 50, max: 100 } }, weight: 2.5 },
        { type: 'bury', filter: { attributes: { colour: ['red', 'blue'], size: ['42'] } }, weight: 0.3 },
        { type: 'filter', filter: { categoryIds: ['running-shoes'], merchantIds: ['m-run'], price: { min: 10 } } },
        { type: 'rewrite', query: 'running shoes' },
        { type: 'redirect', url: '/sale' },
        {
          type: 'banner',
          banner: {
            title: 'Spring sale',
            text: '  Up to 30 % off\non running shoes\n',
            imageUrl: 'https://img.example/sale.png',
            linkUrl: '/sale',
            placement: 'bottom',
          },
        },
        { type: 'data', data: { layout: 'grid', columns: 3 } },
      ],
    };
    const created = await merch('POST', '/rules', everything);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // A fresh load: the page is already at #rules, where going to the same address would not reload the list.
    await page.goto(`${api.baseUrl}/console`);
    const row = page.locator('#rules-list tbody tr', { hasText: everything.name });
    await row.locator('[data-act="edit"]').click();
    assert.equal(await page.locator('#rule-actions > li').count(), everything.actions.length);
    assert.equal(await page.inputValue('#rule-starts-at'), '2030-01-01T11:00:30', 'shown in Berlin time, seconds kept');
    assert.equal(await page.inputValue('#rule-query-values'), "sneakers\nmen's shoes, 42", 'one query per line');
    await saveRule();
    await waitForStatus(/saved as version 2\. It is disabled/);
    const saved = (await merch('GET', `/rules/${created.body.id}`)).body;
    assert.equal(saved.version, 2);
    assert.deepEqual(
      { name: saved.name, enabled: saved.enabled, priority: saved.priority, conditions: saved.conditions, actions: saved.actions },
      everything,
    );

    // The preview tries the disabled rule as if enabled, in its first context and at its start, rather than showing "no change".
    await row.locator('[data-act="edit"]').click();
    await page.click('#preview-rule');
    await page.locator('#preview-results .preview-summary').waitFor();
    assert.equal(await page.inputValue('#preview-q'), 'sneakers');
    assert.equal(await page.inputValue('#preview-context'), 'app');
    assert.equal(await page.inputValue('#preview-at'), '2030-01-01T11:00:30');
    assert.match(
      (await page.textContent('#preview-results .preview-summary')) ?? '',
      /the unsaved rule, as if enabled; both run for context app, at /,
    );
    assert.match((await page.textContent('#preview-draft .fired-rules')) ?? '', /Every field/);
    await page.screenshot({ path: artifact('console-2b-preview-context.png'), fullPage: true });
    await page.click('#preview-back');
    await page.locator('#rule-form:not([hidden])').waitFor();

    // Removing an action renumbers the ones after it, so the API's field paths still point at the right inputs.
    await page.click('#rule-actions > li:nth-child(2) button:text("Remove action")');
    assert.equal(await page.locator('#rule-actions > li').count(), everything.actions.length - 1);
    assert.equal(await page.getAttribute('#rule-actions > li:nth-child(2) [data-field="weight"]', 'data-path'), 'actions[1].weight');
    assert.equal(await page.textContent('#rule-actions > li:nth-child(2) legend'), 'Action 2: Boost products');
    assert.equal(await focusedPath(page), 'actions[1].filter.brandIds', 'focus moves to the action that took its place');
    await page.fill('[data-path="actions[1].weight"]', '50');
    await saveRule();
    await errorBeside('actions[1].weight').waitFor();
    assert.match((await errorBeside('actions[1].weight').textContent()) ?? '', /weight is 0\.01 to 10/);
    // Cancelling with unsaved changes asks first: saying no keeps the editor, yes drops the changes.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.click('#cancel-rule');
    assert.equal(await page.isVisible('#rule-form'), true, 'the editor stays when the merchandiser says no');
    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.click('#cancel-rule');
    await rulesLoaded();
    assert.match(question, /Drop the changes/);
    assert.equal((await merch('GET', `/rules/${created.body.id}`)).body.version, 2, 'cancelling saves nothing');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('[data-act="delete"]').click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await merch('GET', `/rules/${created.body.id}`)).status, 404);
    assert.equal(await page.evaluate('document.activeElement.id'), 'new-rule');
  });

  it('adds, edits and deletes synonyms, one-way and multi-way', async () => {
    await page.click('#console-nav a[href="#synonyms"]');
    await page.locator('#synonyms-list[aria-busy="false"]').waitFor();
    await page.fill('#synonym-terms', 'sneakers');
    await page.click('#synonym-save');
    await errorBeside('terms').waitFor();
    assert.match((await errorBeside('terms').textContent()) ?? '', /at least two terms/);

    await page.fill('#synonym-terms', 'sneakers, 球鞋\nrunning shoes');
    await page.click('#synonym-save');
    const row = page.locator('#synonyms-list tbody tr').first();
    await row.locator('th', { hasText: 'sneakers ⇄ 球鞋 ⇄ running shoes' }).waitFor();
    assert.deepEqual(
      (await merch('GET', '/synonyms')).body.synonyms.map((s: { terms: string[] }) => s.terms),
      [['sneakers', '球鞋', 'running shoes']],
    );

    await row.locator('[data-act="edit"]').click();
    await page.check('#synonym-oneway');
    await page.fill('#synonym-input', 'sneakers');
    await page.fill('#synonym-synonyms', 'running shoes');
    await page.fill('#synonym-weight', '0.5');
    await page.click('#synonym-save');
    await row.locator('th', { hasText: 'sneakers → running shoes' }).waitFor();
    const [synonym] = (await merch('GET', '/synonyms')).body.synonyms;
    assert.deepEqual(
      { type: synonym.type, input: synonym.input, synonyms: synonym.synonyms, weight: synonym.weight },
      { type: 'oneway', input: 'sneakers', synonyms: ['running shoes'], weight: 0.5 },
    );
    await page.screenshot({ path: artifact('console-4-synonyms.png'), fullPage: true });

    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('[data-act="delete"]').click();
    await page.locator('#synonyms-list .empty').waitFor();
    assert.deepEqual((await merch('GET', '/synonyms')).body.synonyms, []);
  });

  it('shows and sets ranking weights, globally and per category', async () => {
    await page.click('#console-nav a[href="#weights"]');
    const used = (name: string) => page.textContent(`#weights-rows tr[data-weight="${name}"] td.number`);
    const source = (name: string) => page.textContent(`#weights-rows tr[data-weight="${name}"] td:last-child`);
    await page.locator('#weights-form[data-scope="global"]').waitFor();
    const { defaults } = (await merch('GET', '/weights')).body;
    assert.equal(await used('popularity'), String(defaults.popularity));
    assert.equal(await source('popularity'), 'default');

    await page.fill('#weight-text', '0');
    await page.click('#weights-form button[type="submit"]');
    await errorBeside('text').waitFor();
    assert.equal(await errorBeside('text').textContent(), 'text is 0.1 to 10.');

    await page.fill('#weight-text', '');
    // Text a number input cannot read ("1e") is not an empty box: it is refused beside the input, and nothing is sent.
    await page.focus('#weight-rating');
    await page.keyboard.type('1e');
    await page.click('#weights-form button[type="submit"]');
    await errorBeside('rating').waitFor();
    assert.equal(await errorBeside('rating').textContent(), 'This is not a number.');
    assert.equal(await focusedPath(page), 'rating');
    assert.deepEqual((await merch('GET', '/weights')).body.global, {}, 'nothing was saved');
    await page.fill('#weight-rating', '');
    await page.fill('#weight-popularity', '0.8');
    await page.click('#weights-form button[type="submit"]');
    await page.locator('#weights-rows tr[data-weight="popularity"] td:last-child', { hasText: 'global' }).waitFor();
    assert.equal(await used('popularity'), '0.8');
    assert.deepEqual((await merch('GET', '/weights')).body.global, { popularity: 0.8 });

    await page.selectOption('#weights-scope', 'shoes');
    await page.locator('#weights-form[data-scope="shoes"]').waitFor();
    assert.equal(await source('popularity'), 'global', 'a category inherits the global weights');
    await page.fill('#weight-stock', '0');
    await page.click('#weights-form button[type="submit"]');
    await page.locator('#weights-rows tr[data-weight="stock"] td:last-child', { hasText: 'category shoes' }).waitFor();
    assert.equal(await used('stock'), '0');
    assert.deepEqual((await merch('GET', '/weights')).body.categories, { shoes: { stock: 0 } });
    await page.screenshot({ path: artifact('console-5-weights.png'), fullPage: true });

    // Changing the scope would throw away what is typed: it asks first, and staying keeps it.
    await page.fill('#weight-rating', '5');
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.selectOption('#weights-scope', 'global');
    assert.equal(await page.inputValue('#weights-scope'), 'shoes');
    assert.equal(await page.inputValue('#weight-rating'), '5');

    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.click('#weights-reset');
    await page.locator('#weights-rows tr[data-weight="stock"] td:last-child', { hasText: 'default' }).waitFor();
    assert.match(question, /Remove the weights set for shoes/);
    assert.deepEqual((await merch('GET', '/weights')).body.categories, {});

    // Unsaved weights go to the preview as the draft; live stays as it is.
    await page.locator('#weights-form[data-scope="shoes"]').waitFor();
    await page.fill('#weight-rating', '10');
    await page.click('#weights-preview');
    await page.locator('#preview-draft .meta', { hasText: 'default → global → shoes' }).waitFor();
    assert.equal(await page.inputValue('#preview-category'), 'shoes');
    assert.equal(await page.isChecked('#preview-include-weights'), true);
    assert.match((await page.textContent('#preview-live .meta')) ?? '', /weights from default → global$/);
    assert.deepEqual((await merch('GET', '/weights')).body.categories, {}, 'previewing saves nothing');
  });

  it('charts search analytics: top queries, no results, rarely clicked', async () => {
    const now = new Date();
    const logged = (q: string, results: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        query: q,
        normalized_query: q,
        sort: 'relevance',
        result_count: results,
        latency_ms: 5,
        session_id: `s-${q}-${i}`,
        created_at: now,
        redirected: false,
      }));
    await env.db('search_log').insert([...logged('skillet', 1, 6), ...logged('zzqx', 0, 3)]);
    await page.click('#console-nav a[href="#analytics"]');
    await page.locator('#top-queries tbody tr[data-query="skillet"]').waitFor();
    const top = await queriesIn('#top-queries');
    assert.deepEqual(top.slice(0, 2), ['skillet', 'zzqx']);
    assert.ok(top.includes(query), 'the storefront search made in this browser was logged');
    assert.equal(
      await page.locator('#top-queries-chart svg.bar-chart rect.bar').count(),
      Math.min(10, top.length),
      'one bar per query, the top 10 at most',
    );
    assert.match((await page.textContent('#top-queries-chart svg desc')) ?? '', /skillet: 6 searches, 0 clicks/);
    assert.deepEqual(await queriesIn('#zero-results'), ['zzqx']);
    assert.deepEqual(await queriesIn('#low-ctr'), ['skillet']);
    await page.screenshot({ path: artifact('console-6-analytics.png'), fullPage: true });

    await page.click('#top-queries tbody tr[data-query="zzqx"] button');
    await page.locator('#preview-results .preview-summary').waitFor();
    assert.equal(await page.inputValue('#preview-q'), 'zzqx');
  });

  it('fits a phone: tabs wrap, tables become cards, live and draft one at a time by tabs', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [tab, ready] of [
      ['rules', '#rules-list[aria-busy="false"] tbody tr'],
      ['weights', '#weights-form[data-scope]'],
      ['analytics', '#top-queries-chart svg'],
    ] as const) {
      await page.goto(`${api.baseUrl}/console#${tab}`);
      await page.locator(ready).first().waitFor();
      assert.equal(await sidewaysOverflow(page), 0, `${tab}: no sideways scrolling`);
      await page.screenshot({ path: artifact(`console-phone-${tab}.png`), fullPage: true });
    }
    await page.goto(`${api.baseUrl}/console#rules`);
    await ruleRow().locator('[data-act="edit"]').click();
    assert.equal(await sidewaysOverflow(page), 0, 'rule editor: no sideways scrolling');
    await page.screenshot({ path: artifact('console-phone-rule-editor.png'), fullPage: true });
    await page.click('#preview-rule');
    await page.locator('#preview-draft .hit').first().waitFor();
    assert.equal(await sidewaysOverflow(page), 0, 'preview: no sideways scrolling');
    // Readable one at a time, the full width: the draft first, live one tap away.
    assert.equal(await page.isVisible('#preview-live'), false);
    assert.match((await page.locator('#preview-draft .hit').first().textContent()) ?? '', /\$\d.*stock/);
    await page.screenshot({ path: artifact('console-phone-preview.png'), fullPage: true });
    await page.click('#preview-live-tab');
    assert.equal(await page.isVisible('#preview-live'), true);
    assert.equal(await page.isVisible('#preview-draft'), false);
    assert.equal(await page.getAttribute('#preview-live-tab', 'aria-selected'), 'true');
    await page.screenshot({ path: artifact('console-phone-preview-live.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('reported no page errors, and no console errors but the refusals provoked above', () => {
    assert.deepEqual(problems, []);
  });

  it('asks for a key outside development, refuses a storefront key, and keeps one for the tab', async () => {
    const production = await startTestApi({ ...env, config: { ...env.config, env: 'production', demoMerchandiserKey: merchandiserKey } });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const tab = await context.newPage();
      const tabProblems = collectPageProblems(tab, [{ status: 403, path: /^\/v1\/merchandising\/rules$/ }]);
      await tab.goto(`${production.baseUrl}/console`);
      await tab.locator('#key-view:not([hidden])').waitFor();
      assert.equal(await tab.isVisible('#console-nav'), false);
      assert.equal(await tab.evaluate('document.activeElement.id'), 'key-input');

      await tab.fill('#key-input', publicKey);
      await tab.keyboard.press('Enter');
      await tab.locator('#key-error', { hasText: 'not a merchandiser key' }).waitFor();
      assert.equal(await tab.evaluate(`sessionStorage.getItem('agora.merchandiserKey')`), null, 'a refused key is forgotten');

      await tab.fill('#key-input', merchandiserKey);
      await tab.keyboard.press('Enter');
      await tab.locator('#rules-list tbody tr', { hasText: ruleName }).waitFor();
      await tab.reload();
      await tab.locator('#rules-list tbody tr', { hasText: ruleName }).waitFor();
      assert.equal(await tab.isVisible('#key-view'), false, 'the key lasts for the tab');
      assert.deepEqual(tabProblems, []);
    } finally {
      await context.close();
      await production.close();
    }
  });
});
