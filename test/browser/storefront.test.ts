import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createApiKey } from '../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { startTestApi, type TestApi } from '../support/http';
import { loadSearchCatalog } from '../support/search-catalog';
import { artifact, launchChromium } from './support';

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
    await page.click('text=Add to cart');
    await page.waitForSelector('text=Added to cart.');
    await page.screenshot({ path: artifact('3-product.png'), fullPage: true });

    const productId = new URL(page.url()).searchParams.get('product');
    const events = await env.db('events').where({ product_id: productId }).orderBy('id').select('type', 'query', 'session_id');
    assert.deepEqual(
      events.map((e) => [e.type, e.query]),
      [
        ['search_click', 'running shoes'],
        ['view', null],
        ['add_to_cart', null],
      ],
    );
    assert.match(events[0].session_id, /^s-/);
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
});
