import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApiKey } from '../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { startTestApi, type TestApi } from '../support/http';
import { loadSearchCatalog } from '../support/search-catalog';
import { artifact, launchChromium } from './support';
import { addCookware } from './storefront-catalog';

/**
 * The storefront demo in a real browser, over the real app and services with
 * the small search fixture catalogue: what a new user clicks through after
 * `npm start`. Screenshots are saved under test/browser/artifacts/.
 */
describe('storefront demo in Chromium', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    env = await createTestEnvironment();
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    const { key } = await createApiKey(env.db, { role: 'public' });
    // The demo server signs its demo customers' keys with this one; signing in uses them.
    const signing = await createApiKey(env.db, { role: 'signing' });
    api = await startTestApi({ ...env, config: { ...env.config, env: 'development', demoPublicKey: key, demoSigningKey: signing.key } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });
  after(async () => {
    await browser?.close();
    await api?.close();
    await env?.cleanup();
  });

  // Page-side code is given as strings: this project's TypeScript has no DOM library, and needs none elsewhere.
  const statusText = () => page.textContent('#results-status');
  const waitForStatus = (text: RegExp) => page.locator('#results-status', { hasText: text }).waitFor();
  const facetCount = (facet: string, value: string) =>
    page.textContent(`input[data-facet="${facet}"][data-value="${value}"] + label .count`);
  /** Price bands split the results, so their counts add up to the number of results. */
  const priceBandTotal = async () =>
    (await page.locator('input[data-facet="price"] + label .count').allTextContents()).reduce((sum, n) => sum + Number(n), 0);

  it('opens on the catalogue with the key handed over by the server', async () => {
    await page.goto(`${api.baseUrl}/`);
    await page.waitForSelector('#results .card');
    assert.equal(await page.isVisible('#key-view'), false);
    assert.match((await statusText()) ?? '', /of 13 products/);
  });

  it('suggests as you type, navigable with the keyboard', async () => {
    await page.click('#search-input');
    await page.keyboard.type('runn');
    await page.waitForSelector('#suggestions:not([hidden]) [role="option"]');
    assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'true');
    await page.keyboard.press('ArrowDown');
    const active = await page.getAttribute('#search-input', 'aria-activedescendant');
    assert.ok(active, 'an option is active');
    assert.equal(await page.getAttribute(`#${active}`, 'aria-selected'), 'true');
    await page.screenshot({ path: artifact('1-suggestions.png') });
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#suggestions'), true);
    assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'false');
  });

  it('searches, highlights matches, and narrows by a facet whose counts follow', async () => {
    await page.fill('#search-input', 'running shoes');
    await page.keyboard.press('Enter');
    await waitForStatus(/of 4 products/);
    assert.ok((await page.locator('#results .card-title em').count()) > 0, 'matched words are highlighted');
    assert.equal(await facetCount('brand', 'nimbus'), '2');
    assert.equal(await priceBandTotal(), 4);

    await page.check('input[data-facet="brand"][data-value="nimbus"]');
    await waitForStatus(/of 2 products/);
    assert.match(page.url(), /[?&]brand=nimbus(&|$)/);
    assert.equal(await page.locator('#results .card').count(), 2);
    // Other brands keep their counts (multi-select); other facets count within the selection.
    assert.equal(await facetCount('brand', 'stride'), '2');
    assert.equal(await priceBandTotal(), 2);
    assert.equal(await page.evaluate('document.activeElement.dataset.value'), 'nimbus', 'focus stays on the filter');
    await page.screenshot({ path: artifact('2-facet.png'), fullPage: true });

    await page.goBack();
    await waitForStatus(/of 4 products/);
    assert.equal(await page.isChecked('input[data-facet="brand"][data-value="nimbus"]'), false);
  });

  it('opens a product with its recommendation widgets and records the shopper events', async () => {
    await page.click('#results .card-link');
    await page.waitForSelector('#product-view:not([hidden]) #product-title');
    // All five widgets have answered (with items or "not available"). Polled by locator: the page's CSP forbids eval.
    await page.locator('#product-view .widget[aria-busy="false"]').nth(4).waitFor();
    for (const id of ['recs-similar', 'recs-bought-together', 'recs-also-bought', 'recs-for-you', 'recs-trending']) {
      assert.equal(await page.isVisible(`#${id}`), true, id);
    }
    assert.ok((await page.locator('#recs-similar .card .reason').count()) > 0, 'similar items say why they are there');
    await page.waitForSelector('#product-view .product-summary[aria-busy="false"]');
    await page.click('text=Add to cart');
    await page.waitForSelector('text=Added to cart.');
    await page.screenshot({ path: artifact('3-product.png'), fullPage: true });

    const productId = new URL(page.url()).searchParams.get('product');
    const events = await env
      .db('events')
      .where({ product_id: productId })
      .orderBy('id')
      .select('type', 'query', 'session_id', 'position', 'request_id');
    assert.deepEqual(
      events.map((e) => [e.type, e.query]),
      [
        ['search_click', 'running shoes'],
        ['view', null],
        ['add_to_cart', null],
      ],
    );
    assert.match(events[0].session_id, /^s-/);
    // The first result was clicked: its rank, and the search it came from, for click-position and per-context analytics.
    assert.equal(events[0].position, 1);
    await api.searchLog.flush();
    const search = await env.db('search_log').where({ request_id: events[0].request_id }).first('normalized_query');
    assert.equal(search?.normalized_query, 'running shoes', 'the click names the search that listed the product');
  });

  it('signs the anonymous shopper in as a demo customer, merging the session, and passes them to the API', async () => {
    const sessionId = await page.evaluate(`localStorage.getItem('agora.sessionId')`);
    const forCustomer = page.waitForRequest((request) => request.url().includes('/v1/customers/c-000002/recommendations'));
    await page.selectOption('#shopper-select', 'c-000002');
    const request = await forCustomer;
    assert.match(request.headers().authorization ?? '', /^Bearer agc_/, 'the customer’s own key, not the public key');
    const events = await env.db('events').where({ session_id: sessionId }).select('customer_id');
    assert.ok(events.length >= 3);
    assert.deepEqual([...new Set(events.map((e) => e.customer_id))], ['c-000002']);
    assert.match((await page.textContent('#recs-for-you h2')) ?? '', /c-000002/);
  });

  it('fits a phone, with the filters behind a button', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${api.baseUrl}/?q=shoes`);
    await page.waitForSelector('#results .card');
    assert.equal(await page.isVisible('#facets'), false);
    await page.click('#filters-toggle');
    assert.equal(await page.isVisible('#facets'), true);
    assert.equal(await page.getAttribute('#filters-toggle', 'aria-expanded'), 'true');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.equal(overflow, 0, 'no sideways scrolling');
    await page.screenshot({ path: artifact('4-phone.png') });
    assert.deepEqual(pageErrors, []);
  });
  /** A fresh tab at a width, its problems (uncaught errors, console errors) collected. */
  async function freshPage(width: number): Promise<{ tab: Page; context: BrowserContext; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: width < 500 ? 844 : 900 } });
    context.setDefaultTimeout(10_000);
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (error) => problems.push(error.message));
    tab.on('console', (message) => {
      // A product the API does not know answers 404 on purpose; Chromium logs that line.
      if (message.type() === 'error' && !/status of 404/.test(message.text())) problems.push(message.text());
    });
    return { tab, context, problems };
  }

  describe('product page from GET /v1/products/:id (issue 18)', () => {
    let tab: Page;
    let context: BrowserContext;
    let problems: string[];
    before(async () => ({ tab, context, problems } = await freshPage(1366)));
    after(() => context?.close());

    it('shows title, price, image, seller, stock, attributes and breadcrumbs of a product opened by its link alone', async () => {
      // A fresh tab that has seen no list: everything on the page comes from the lookup.
      await tab.goto(`${api.baseUrl}/?product=shoe-1`);
      await tab.waitForSelector('#product-view .product-summary[aria-busy="false"]');
      assert.equal(await tab.textContent('#product-title'), "Nimbus Trail Running Shoes Men's Lightweight Red");
      assert.match((await tab.textContent('#product-view .price')) ?? '', /89\.90/);
      assert.equal(await tab.textContent('#product-view .merchant'), 'RunFast Store');
      assert.equal(await tab.textContent('#product-view .stock'), 'In stock');
      assert.equal(await tab.locator('#product-view .hero').count(), 1);
      assert.equal(await tab.textContent('#product-view .description'), 'Grippy outsole for muddy trails.');
      const names = await tab.locator('#product-view .attributes dt').allTextContents();
      const values = await tab.locator('#product-view .attributes dd').allTextContents();
      // In the API's order, whichever that is.
      assert.deepEqual(Object.fromEntries(names.map((name, i) => [name, values[i]])), { Colour: 'Red', Size: '42, 43, 44' });
      assert.deepEqual(await tab.locator('#product-view .breadcrumbs a').allTextContents(), [
        'All products',
        'Fashion',
        'Shoes',
        'Running Shoes',
      ]);
      assert.equal(await tab.locator('text=no product lookup').count(), 0);
      assert.equal(await tab.title(), "Nimbus Trail Running Shoes Men's Lightweight Red · Agora demo");

      // A breadcrumb leads to the category page, with the category's own name.
      await tab.click('#product-view .breadcrumbs a:text-is("Shoes")');
      await tab.waitForSelector('#search-view:not([hidden]) #results .card');
      assert.equal(new URL(tab.url()).searchParams.get('category'), 'fashion,shoes');
      assert.equal(await tab.textContent('#results-heading'), 'Shoes');
      assert.deepEqual(problems, []);
    });

    it('fills the three item-to-item widgets from one request, no product in two of them, each card saying why in plain words', async () => {
      const asked: string[] = [];
      const onRequest = (request: { url(): string }) => {
        if (/\/v1\/products\/shoe-1\/recommendations/.test(request.url())) asked.push(request.url());
      };
      tab.on('request', onRequest);
      await tab.goto(`${api.baseUrl}/?product=shoe-1`);
      await tab.locator('#product-view .widget[aria-busy="false"]').nth(4).waitFor();
      tab.off('request', onRequest);
      assert.equal(asked.length, 1, `one request: ${asked.join(' ')}`);
      assert.equal(new URL(asked[0]!).searchParams.get('types'), 'similar,bought_together,also_bought');

      const widgets = ['recs-similar', 'recs-bought-together', 'recs-also-bought'];
      const ids = await Promise.all(
        widgets.map((id) => tab.locator(`#${id} .card`).evaluateAll((cards) => cards.map((c) => (c as any).dataset.productId as string))),
      );
      assert.ok(ids.flat().length > 0, 'the widgets recommend something');
      assert.equal(new Set(ids.flat()).size, ids.flat().length, `no product in two widgets: ${JSON.stringify(ids)}`);
      for (const id of widgets) {
        for (const card of await tab.locator(`#${id} .card`).all()) {
          const text = (await card.textContent()) ?? '';
          assert.doesNotMatch(text, /source:/, `${id}: ${text}`);
          const reason = (await card.locator('.reason').textContent()) ?? '';
          assert.match(reason, /^[A-Z][^_]*[a-z]/, `${id}: a reason in words, not a code: "${reason}"`);
        }
      }
    });

    it('shows an error, not the card remembered from the list, when the lookup fails for another reason than 404', async () => {
      await tab.goto(`${api.baseUrl}/?q=running+shoes`);
      await tab.locator('#results .card').first().waitFor();
      // The real API does not fail on demand: this one lookup answers as an API without the route would.
      await tab.route(/\/v1\/products\/shoe-1$/, (route) =>
        route.fulfill({
          status: 405,
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: 'No route for GET /v1/products/shoe-1.' } }),
        }),
      );
      try {
        await tab.click('#results .card[data-product-id="shoe-1"] .card-link');
        await tab.locator('#product-view .product-summary .error[role="alert"]').waitFor();
        assert.equal(await tab.textContent('#product-title'), 'Product shoe-1');
        assert.equal(await tab.locator('#product-view .product-summary .price').count(), 0, 'no remembered price shown as current');
        assert.equal(await tab.locator('#product-view .product-summary[aria-busy="true"]').count(), 0);
      } finally {
        await tab.unroute(/\/v1\/products\/shoe-1$/);
      }
    });

    it('answers a hidden or unknown product with a friendly not-found page and a way back', async () => {
      await tab.goto(`${api.baseUrl}/?product=hidden-1`);
      await tab.locator('#product-title', { hasText: 'Product not found' }).waitFor();
      assert.equal(await tab.locator('#product-view .widget').count(), 0, 'no recommendations for a product that is gone');
      assert.equal(await tab.title(), 'Product not found · Agora demo');
      await tab.click('#product-view a:text-is("Browse all products")');
      await tab.waitForSelector('#search-view:not([hidden]) #results .card');
      assert.equal(new URL(tab.url()).search, '');
    });
  });
  describe('suggestions (issue 18)', () => {
    let tab: Page;
    let context: BrowserContext;
    let problems: string[];
    before(async () => ({ tab, context, problems } = await freshPage(1366)));
    after(() => context?.close());

    it('show the product’s own title with the typed part marked, a thumbnail and the price, and keep the keyboard', async () => {
      await tab.goto(`${api.baseUrl}/`);
      await tab.click('#search-input');
      await tab.keyboard.type('runn');
      await tab.waitForSelector('#suggestions:not([hidden]) .suggestion-product');
      const product = tab.locator('#suggestions .suggestion-product', { hasText: 'Trail' });
      // The catalogue's title as written (capitals, apostrophe), not the lower-cased index text "running shoes mens …".
      assert.equal(await product.locator('.suggestion-title').textContent(), "Nimbus Trail Running Shoes Men's Lightweight Red");
      assert.deepEqual(await product.locator('.suggestion-title mark').allTextContents(), ['Runn']);
      assert.equal(await product.locator('.suggestion-thumb').count(), 1);
      assert.match((await product.locator('.suggestion-price').textContent()) ?? '', /89\.90/);
      await tab.screenshot({ path: artifact('suggestions-1366.png') });

      // Arrows move through the options (the input keeps the focus); Enter opens the active product.
      const id = await product.getAttribute('id');
      for (let i = 0; i < 10 && (await tab.getAttribute('#search-input', 'aria-activedescendant')) !== id; i++) {
        await tab.keyboard.press('ArrowDown');
      }
      assert.equal(await tab.getAttribute('#search-input', 'aria-activedescendant'), id);
      assert.equal(await tab.getAttribute(`#${id}`, 'aria-selected'), 'true');
      assert.equal(await tab.evaluate('document.activeElement.id'), 'search-input');
      await tab.keyboard.press('Enter');
      await tab.waitForSelector('#product-view .product-summary[aria-busy="false"]');
      assert.equal(new URL(tab.url()).searchParams.get('product'), 'shoe-1');
      assert.deepEqual(problems, []);
    });
  });
  describe('no dead ends (issue 18)', () => {
    let tab: Page;
    let context: BrowserContext;
    let problems: string[];
    before(async () => ({ tab, context, problems } = await freshPage(1366)));
    after(() => context?.close());

    const notices = () => tab.locator('#search-messages .notice');
    const searchFor = async (q: string) => {
      await tab.goto(`${api.baseUrl}/?q=${encodeURIComponent(q)}`);
      await tab.locator('#results-status', { hasText: /found|Showing/ }).waitFor();
    };

    it('says a corrected query once, as a link', async () => {
      // Nothing matches "shooz": the API shows the results for its correction.
      await searchFor('shooz');
      assert.equal(await notices().count(), 1);
      assert.match((await notices().textContent()) ?? '', /No results for “shooz”\. Showing results for shoes\./);
      await notices().locator('a', { hasText: 'shoes' }).click();
      await tab.waitForURL(/\?q=shoes$/);
      await notices().first().waitFor({ state: 'detached' });
      assert.equal(await tab.textContent('#results-heading'), 'Results for “shoes”');
    });

    it('offers to search the words as typed instead of the correction', async () => {
      await searchFor('shooz');
      const asTyped = notices().locator('.as-typed');
      assert.equal(await asTyped.textContent(), 'Search instead for shooz');
      const answer = tab.waitForResponse((response) => response.url().includes('/v1/search?') && response.url().includes('correct=false'));
      await asTyped.locator('a').click();
      await tab.waitForURL(/\?q=shooz&correct=false$/);
      const body = await (await answer).json();
      assert.deepEqual(body.didYouMean, { query: 'shoes', applied: false });
      // Nothing matches the words as typed: the no-result page, offering the correction again.
      const panel = tab.locator('#search-view .no-results');
      await panel.waitFor();
      assert.equal(await panel.locator('h2').first().textContent(), 'Nothing matches “shooz”');
      assert.equal(await tab.textContent('#results-heading'), 'Results for “shooz”');
      await panel.locator('.no-results-ways a', { hasText: /^shoes$/ }).click();
      await tab.waitForURL(/\?q=shoes$/);
      await tab.locator('#results .card').first().waitFor();
      assert.deepEqual(problems, []);
    });

    it('says a suggested spelling and a relaxed match in one notice', async () => {
      await searchFor('leathr boots unicorn');
      assert.equal(await notices().count(), 1);
      const text = (await notices().textContent()) ?? '';
      assert.match(text, /^Did you mean leather boots unicorn\?/);
      assert.match(text, /these match most of them/);
      assert.equal(await notices().locator('a').getAttribute('href'), '/?q=leather+boots+unicorn');
    });

    it('goes on from a short page with the products matching some of the words, under a heading of their own', async () => {
      await searchFor('red running shoes');
      const heading = tab.locator('#results .partial-matches-heading');
      await heading.waitFor();
      assert.equal(await heading.textContent(), 'Matching some of your words');
      const cards = await tab
        .locator('#results .card, #results .partial-matches-heading')
        .evaluateAll((nodes) =>
          nodes.map((n) => (n.classList.contains('partial-matches-heading') ? '|' : (n.querySelector('a')?.getAttribute('href') ?? ''))),
        );
      const [matches, partial] = [cards.slice(0, cards.indexOf('|')), cards.slice(cards.indexOf('|') + 1)];
      assert.ok(matches.length > 0 && partial.length > 0, JSON.stringify(cards));
      assert.ok(!partial.some((href) => matches.includes(href)), 'no product twice');
      // Remembered like the results, so the product page opened from one paints at once (review of 6e54928).
      const remembered = <string[]>await tab.evaluate("Object.keys(JSON.parse(sessionStorage.getItem('agora.products') ?? '{}'))");
      for (const href of partial)
        assert.ok(remembered.includes(new URL(href, 'http://storefront').searchParams.get('product')!), `${href} remembered`);
      // The status counts the products matching every word only.
      assert.match(
        (await tab.textContent('#results-status')) ?? '',
        new RegExp(`^Showing ${matches.length} of ${matches.length} products`),
      );
      assert.deepEqual(problems, []);
    });

    it('says a price read out of the words, with a way to all prices', async () => {
      await searchFor('shoes under 100');
      assert.equal(await notices().count(), 1);
      assert.equal(await notices().textContent(), 'Price up to $100.00, as “shoes under 100” says. Show all prices');
      await notices().locator('a', { hasText: 'Show all prices' }).click();
      await tab.waitForURL(/\?q=shoes$/);
      await tab.locator('#results-status', { hasText: /of 5 products/ }).waitFor();
    });

    it('offers ways on from a search that found nothing, without a sidebar of zeros', async () => {
      const answer = tab.waitForResponse((response) => response.url().includes('/v1/search?') && response.url().includes('zzzqqq'));
      await searchFor('zzzqqq');
      const offered = ((await (await answer).json()).noResults?.categories ?? []).map((c: { name: string }) => c.name);
      const panel = tab.locator('#search-view .no-results');
      await panel.waitFor();
      assert.equal(await panel.locator('h2').first().textContent(), 'Nothing matches “zzzqqq”');
      assert.deepEqual(await panel.locator('.related-categories a').allTextContents(), offered, 'the categories the API relates');
      await panel.locator('.widget .card').first().waitFor();
      assert.ok((await panel.locator('.widget .card').count()) > 0, 'trending products');
      assert.equal(await tab.isVisible('#facets'), false, 'no facets full of zeros');
      assert.equal(await tab.isVisible('#sort-select'), false);
      assert.equal(await tab.locator('#facets input[data-facet="rating"]').count(), 0);
      await tab.screenshot({ path: artifact('no-results-1366.png'), fullPage: true });

      if (offered.length > 0) {
        await panel.locator('.related-categories a').first().click();
        await tab.locator('#results .card').first().waitFor();
        assert.ok(new URL(tab.url()).searchParams.get('category'));
      }
      assert.deepEqual(problems, []);
    });
  });
  describe('filters, sort and category pages at every width (issue 18)', () => {
    let tab: Page;
    let context: BrowserContext;
    let problems: string[];
    before(async () => ({ tab, context, problems } = await freshPage(1366)));
    after(() => context?.close());

    const status = (text: RegExp) => tab.locator('#results-status', { hasText: text }).waitFor();
    const chips = () => tab.locator('#chosen-filters .chip').allTextContents();
    const labels = (facet: string) => tab.locator(`#facets input[data-facet="${facet}"] + label .facet-label`).allTextContents();

    it('shows each chosen filter as a chip that removes it in one click, and clears them all', async () => {
      await tab.goto(`${api.baseUrl}/?q=running+shoes`);
      await status(/of 4 products/);
      assert.equal(await tab.isVisible('#chosen-filters'), false);
      await tab.check('input[data-facet="brand"][data-value="nimbus"]');
      await status(/of 2 products/);
      await tab.check('input[data-facet="price"][data-value="50-100"]');
      await status(/of 2 products/);
      await tab.locator('#chosen-filters .chip').nth(1).waitFor();
      await tab.check('input[data-facet="in_stock"]');
      await tab.locator('#chosen-filters .chip').nth(2).waitFor();
      assert.deepEqual(await chips(), ['Brand: Nimbus×', 'Price: $50.00 – $100.00×', 'In stock only×']);
      assert.equal(await tab.getAttribute('#chosen-filters .chip >> nth=0', 'aria-label'), 'Remove filter Brand: Nimbus');
      assert.equal(await tab.isChecked('input[data-facet="price"][data-value="50-100"]'), true, 'the chosen band shows as chosen');

      await tab.click('#chosen-filters .chip:has-text("Brand: Nimbus")');
      await tab.waitForURL((url) => !url.searchParams.has('brand'));
      await status(/of 3 products/);
      assert.deepEqual(await chips(), ['Price: $50.00 – $100.00×', 'In stock only×']);
      await tab.click('#chosen-filters .clear-all');
      await status(/of 4 products/);
      assert.equal(new URL(tab.url()).search, '?q=running+shoes');
      assert.equal(await tab.isVisible('#chosen-filters'), false);
    });

    it('shows a price range given as another spelling of a band as that band, chosen', async () => {
      await tab.goto(`${api.baseUrl}/?q=running+shoes&price_min=50.0&price_max=100`);
      await status(/of 3 products/);
      assert.equal(await tab.isChecked('input[data-facet="price"][data-value="50-100"]'), true);
      assert.equal(await tab.locator('input[data-facet="price"][data-value="custom"]').count(), 0);
    });

    it('capitalises facet values alike', async () => {
      await tab.goto(`${api.baseUrl}/?q=running+shoes`);
      await status(/of 4 products/);
      for (const label of [...(await labels('attr.colour')), ...(await labels('brand')), ...(await labels('merchant'))]) {
        assert.match(label, /^[A-Z0-9]/, `"${label}" is capitalised like its neighbours`);
      }
    });

    it('keeps facet values where they were while filters change', async () => {
      await tab.goto(`${api.baseUrl}/?q=running+shoes`);
      await status(/of 4 products/);
      const before = await labels('attr.size');
      await tab.check('input[data-facet="brand"][data-value="stride"]');
      await status(/of 2 products/);
      const after = await labels('attr.size');
      assert.ok(after.length > 1);
      const positions = after.map((size) => before.indexOf(size));
      assert.ok(!positions.includes(-1));
      assert.deepEqual(
        positions,
        [...positions].sort((a, b) => a - b),
        `sizes kept their order: ${before} → ${after}`,
      );
    });

    it('names the sort the API applies: best selling on a category page, best match for a query', async () => {
      const sortLabels = () => tab.locator('#sort-select option').allTextContents();
      await tab.goto(`${api.baseUrl}/?category=shoes`);
      await status(/of 5 products/);
      const onCategory = await sortLabels();
      assert.equal(onCategory[0], 'Best selling');
      assert.equal(onCategory.filter((l) => l === 'Best selling').length, 1);
      assert.ok(!onCategory.includes('Best match'), 'nothing to match without a query');
      assert.equal(await tab.inputValue('#sort-select'), '');

      await tab.goto(`${api.baseUrl}/?q=shoes`);
      await status(/of 5 products/);
      const onQuery = await sortLabels();
      assert.equal(onQuery[0], 'Best match');
      assert.ok(onQuery.includes('Best selling'));
    });

    it('names a category opened from a link, with its parents, from the API', async () => {
      await tab.goto(`${api.baseUrl}/?category=running-shoes`);
      await status(/of 4 products/);
      assert.equal(await tab.textContent('#results-heading'), 'Running Shoes');
      assert.deepEqual(await tab.locator('#category-trail li').allTextContents(), ['All products', 'Fashion', 'Shoes', 'Running Shoes']);
      assert.deepEqual(await tab.locator('#facets .category-list li').allTextContents(), [
        'All categories',
        'Fashion',
        'Shoes',
        'Running Shoes',
      ]);
      assert.deepEqual(await chips(), ['Category: Running Shoes×']);
      await tab.click('#category-trail a:text-is("Shoes")');
      await status(/of 5 products/);
      assert.equal(new URL(tab.url()).searchParams.get('category'), 'fashion,shoes');
      assert.equal(await tab.textContent('#results-heading'), 'Shoes');
      assert.deepEqual(problems, []);
    });
  });

  describe('paging kept in the URL (issue 18)', () => {
    let pagingEnv: TestEnvironment;
    let pagingApi: TestApi;
    let context: BrowserContext;
    let tab: Page;
    before(async () => {
      pagingEnv = await createTestEnvironment();
      await loadSearchCatalog(pagingEnv.db, pagingEnv.es, pagingEnv.config.indexPrefix);
      await addCookware(pagingEnv.db, pagingEnv.es, pagingEnv.config.indexPrefix, 30);
      const { key } = await createApiKey(pagingEnv.db, { role: 'public' });
      pagingApi = await startTestApi({ ...pagingEnv, config: { ...pagingEnv.config, env: 'development', demoPublicKey: key } });
      context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      context.setDefaultTimeout(10_000);
      tab = await context.newPage();
    });
    after(async () => {
      await context?.close();
      await pagingApi?.close();
      await pagingEnv?.cleanup();
    });

    it('puts "Load more" into the URL, so a reload or a shared link shows the same products', async () => {
      await tab.goto(`${pagingApi.baseUrl}/?category=home,cookware`);
      await tab.locator('#results-status', { hasText: 'Showing 24 of 32 products' }).waitFor();
      await tab.click('#load-more');
      await tab.locator('#results-status', { hasText: 'Showing 32 of 32 products' }).waitFor();
      assert.equal(new URL(tab.url()).searchParams.get('page'), '2');
      const shown = await tab.locator('#results .card').evaluateAll((cards) => cards.map((c) => (c as any).dataset.productId));
      assert.equal(await tab.isVisible('#load-more'), false);

      await tab.reload();
      await tab.locator('#results-status', { hasText: 'Showing 32 of 32 products' }).waitFor();
      const reloaded = await tab.locator('#results .card').evaluateAll((cards) => cards.map((c) => (c as any).dataset.productId));
      assert.deepEqual(reloaded, shown);
      assert.equal(await tab.isVisible('#load-more'), false);

      // A filter changed starts again from the first page.
      await tab.check('input[data-facet="attr.capacity"][data-value="2L"]');
      await tab.waitForURL((url) => url.searchParams.has('attr.capacity'));
      assert.equal(new URL(tab.url()).searchParams.has('page'), false);
    });
  });
  describe('on a phone, 390 px (issue 18)', () => {
    let tab: Page;
    let context: BrowserContext;
    let problems: string[];
    before(async () => ({ tab, context, problems } = await freshPage(390)));
    after(() => context?.close());

    const box = async (selector: string) => {
      const found = await tab.locator(selector).boundingBox();
      assert.ok(found, `${selector} is on screen`);
      return found;
    };

    it('opens the filters in a drawer over the results, with the count of chosen filters and "Show N results"', async () => {
      await tab.goto(`${api.baseUrl}/?q=running+shoes`);
      await tab.locator('#results-status', { hasText: /of 4 products/ }).waitFor();
      assert.equal(await tab.isVisible('#facets'), false);
      assert.equal(await tab.textContent('#filters-toggle'), 'Filters');
      const card = await box('#results .card >> nth=0');

      await tab.click('#filters-toggle');
      assert.equal(await tab.isVisible('#facets'), true);
      assert.equal(await tab.getAttribute('#filters-toggle', 'aria-expanded'), 'true');
      // Over the results, not above them: the first card has not moved, and the drawer covers it.
      assert.deepEqual(await box('#results .card >> nth=0'), card);
      const drawer = await box('#filters-drawer');
      assert.ok(
        drawer.y <= card.y && drawer.y + drawer.height >= card.y + card.height && drawer.width >= 390 - 1,
        'the drawer covers the card',
      );
      assert.equal(await tab.getAttribute('#results', 'inert'), null);
      assert.equal(await tab.locator('.results[inert]').count(), 1, 'what is behind the drawer cannot be reached meanwhile');
      assert.equal(await tab.textContent('#show-results'), 'Show 4 results');

      await tab.check('#facets input[data-facet="brand"][data-value="nimbus"]');
      await tab.locator('#show-results', { hasText: 'Show 2 results' }).waitFor();
      assert.equal(await tab.isVisible('#facets'), true, 'the drawer stays open while filters are chosen');
      assert.equal(await tab.textContent('#filters-count'), ' (1)');
      await tab.screenshot({ path: artifact('phone-filters-390.png') });

      await tab.click('#show-results');
      assert.equal(await tab.isVisible('#facets'), false);
      assert.equal(await tab.evaluate('document.activeElement.id'), 'filters-toggle');
      assert.equal(await tab.textContent('#filters-toggle'), 'Filters (1)');
      assert.equal(await tab.locator('#results .card').count(), 2);
      assert.deepEqual(await tab.locator('#chosen-filters .chip').allTextContents(), ['Brand: Nimbus×']);

      await tab.click('#filters-toggle');
      await tab.keyboard.press('Escape');
      assert.equal(await tab.isVisible('#facets'), false, 'Escape closes the drawer');
      assert.deepEqual(problems, []);
    });

    it('gives every filter, chip and button a tap target of at least 44 px', async () => {
      await tab.goto(`${api.baseUrl}/?q=shoes&brand=nimbus`);
      await tab.locator('#results-status', { hasText: /of 2 products/ }).waitFor();
      for (const selector of ['#filters-toggle', '#chosen-filters .chip', '#chosen-filters .clear-all', '#sort-select', '#search-input']) {
        for (const target of await tab.locator(selector).all()) {
          const found = await target.boundingBox();
          assert.ok(found && found.height >= 44, `${selector}: ${found?.height} px high`);
        }
      }
      await tab.click('#filters-toggle');
      const targets = tab.locator(
        '#facets .facet-option label, #facets .category-list a, #facets .clear-filters, #show-results, #filters-close',
      );
      assert.ok((await targets.count()) > 10);
      for (const target of await targets.all()) {
        const found = await target.boundingBox();
        assert.ok(found && found.height >= 44, `${await target.textContent()}: ${found?.height} px high`);
      }
      const overflow = await tab.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      assert.equal(overflow, 0, 'no sideways scrolling');
    });
  });
  describe('screenshots and accessibility at 390 px and 1366 px (issue 18)', () => {
    for (const width of [390, 1366]) {
      describe(`${width} px`, () => {
        let tab: Page;
        let context: BrowserContext;
        let problems: string[];
        before(async () => ({ tab, context, problems } = await freshPage(width)));
        after(() => context?.close());

        /** axe-core's rules (WCAG 2.x A and AA, and its best practices) over the whole page, as the shopper sees it. */
        async function assertAccessible(name: string): Promise<void> {
          const { violations } = await new AxeBuilder({ page: tab }).analyze();
          const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          assert.deepEqual(found, [], `${name} at ${width}px`);
        }

        it('the search page', async () => {
          await tab.goto(`${api.baseUrl}/?q=running+shoes&brand=nimbus`);
          await tab.locator('#results-status', { hasText: /of 2 products/ }).waitFor();
          await tab.screenshot({ path: artifact(`search-${width}.png`), fullPage: true });
          await assertAccessible('search page');
          if (width < 800) {
            await tab.click('#filters-toggle');
            await tab.screenshot({ path: artifact(`search-filters-${width}.png`) });
            await assertAccessible('filters drawer');
            await tab.click('#show-results');
          }
        });

        it('a search that found nothing', async () => {
          await tab.goto(`${api.baseUrl}/?q=zzzqqq`);
          await tab.locator('#search-view .no-results .card').first().waitFor();
          await tab.screenshot({ path: artifact(`no-results-${width}.png`), fullPage: true });
          await assertAccessible('no-result page');
        });

        it('from a misspelt or a Chinese query to the product page, and back', async () => {
          for (const q of ['shooz', '跑鞋']) {
            await tab.goto(`${api.baseUrl}/?q=${encodeURIComponent(q)}`);
            await tab.locator('#results .card').first().waitFor();
            await tab.click('#results .card-link >> nth=0');
            await tab.waitForSelector('#product-view .product-summary[aria-busy="false"]');
            await tab.locator('#product-view .widget[aria-busy="false"]').nth(4).waitFor();
            if (q === 'shooz') {
              await tab.screenshot({ path: artifact(`product-${width}.png`), fullPage: true });
              await assertAccessible('product page');
            }
            await tab.click('#product-view .back');
            await tab.locator('#results .card').first().waitFor();
            assert.equal(new URL(tab.url()).searchParams.get('q'), q);
          }
          await tab.goto(`${api.baseUrl}/?product=hidden-1`);
          await tab.locator('#product-title', { hasText: 'Product not found' }).waitFor();
          await assertAccessible('not-found page');
          assert.deepEqual(problems, []);
        });
      });
    }
  });
});
