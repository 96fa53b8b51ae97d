import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { createApiKey } from '../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { startTestApi, type TestApi } from '../support/http';
import { loadSearchCatalog } from '../support/search-catalog';
import { collectPageProblems, sidewaysOverflow } from './console-support';
import { artifact, launchChromium } from './support';

/**
 * Visual merchandising in a real browser (issue 20), at a laptop's width and
 * a phone's: a merchandiser drags a product onto the first place (or, on a
 * phone, pins it with the keyboard), sees the draft beside live with images,
 * prices and stock, saves it as a draft rule, publishes it — never typing a
 * product id — and the rule list names the product. axe-core finds nothing.
 */
for (const width of [1366, 390]) {
  describe(`visual merchandising in Chromium at ${width} px`, () => {
    const query = 'running shoes';
    const phone = width < 700;
    let env: TestEnvironment;
    let api: TestApi;
    let browser: Browser;
    let page: Page;
    let merchandiserKey: string;
    let publicKey: string;
    let live: Array<{ id: string; title: string }>;
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
      live = (await api.request('GET', `/v1/search?q=${encodeURIComponent(query)}`, { key: publicKey })).body.hits;
      assert.ok(live.length >= 3);
      browser = await launchChromium();
      // A context of its own: axe-core opens a helper page in the same one.
      page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      problems = collectPageProblems(page, []);
    });
    after(async () => {
      await browser?.close();
      await api?.close();
      await env?.cleanup();
    });

    const merch = (method: string, path: string, body?: unknown) =>
      api.request(method, `/v1/merchandising${path}`, { key: merchandiserKey, body });
    const draftCard = (id: string) => page.locator(`#visual-draft .product-card[data-id="${id}"]`);
    const draftIds = async () =>
      Promise.all((await page.locator('#visual-draft .product-card').all()).map((c) => c.getAttribute('data-id')));
    const settled = () => page.locator('#visual-results[aria-busy="false"] #visual-draft').waitFor();
    const axe = async (what: string) => {
      const result = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(
        result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
        `axe-core on ${what}`,
      );
    };

    it('shows the query’s results as a grid: image, title, price, stock and merchant, draft beside live', async () => {
      await page.goto(`${api.baseUrl}/console#visual`);
      await page.fill('#visual-q', query);
      await page.click('#visual-form button[type="submit"]');
      await settled();
      assert.deepEqual(
        await draftIds(),
        live.map((h) => h.id),
      );
      const first = draftCard(live[0]!.id);
      assert.equal(await first.locator('.thumb.large').count(), 1);
      assert.match((await first.locator('.card-title').textContent()) ?? '', new RegExp(live[0]!.title.slice(0, 10)));
      assert.match((await first.locator('.card-price').textContent()) ?? '', /\d/);
      assert.match((await first.locator('.badge.stock').textContent()) ?? '', /stock/i);
      assert.notEqual(((await first.locator('.card-merchant').textContent()) ?? '').trim(), '');
      assert.equal(await page.isVisible('#visual-draft'), true);
      // Side by side on a laptop; on a phone one at a time, chosen by tabs.
      assert.equal(await page.isVisible('#visual-live'), !phone);
      assert.equal(await page.isVisible('#visual-live-tab'), phone);
      assert.equal(await sidewaysOverflow(page), 0, 'nothing wider than the screen');
      await axe('the visual editor');
    });

    it(phone ? 'pins the last product first with the keyboard' : 'pins the last product first by dragging it', async () => {
      const last = live.at(-1)!;
      if (phone) {
        const card = draftCard(last.id);
        await card.locator('.pin-at').fill('1');
        await card.locator('.pin-at').press('Enter');
      } else {
        await draftCard(last.id).dragTo(draftCard(live[0]!.id));
      }
      await page.locator(`#visual-draft .product-card:first-child[data-id="${last.id}"]`).waitFor();
      await settled();
      const first = page.locator('#visual-draft .product-card').first();
      assert.match((await first.locator('.badge.pinned').textContent()) ?? '', /Pinned/);
      assert.match((await first.locator('.change').textContent()) ?? '', new RegExp(`▲ ${live.length - 1}`));
      assert.equal(await page.isEnabled('#visual-save'), true);
      assert.equal((await merch('GET', '/rules')).body.total, 0, 'nothing is saved until asked');
      await page.screenshot({ path: artifact(`console-visual-1-pinned-${width}.png`), fullPage: true });
      if (phone) {
        await page.click('#visual-live-tab');
        assert.equal(await page.isVisible('#visual-live'), true);
        assert.equal(await page.isVisible('#visual-draft'), false);
        assert.equal(await page.locator('#visual-live .product-card').first().getAttribute('data-id'), live[0]!.id);
        await page.screenshot({ path: artifact(`console-visual-1b-live-tab-${width}.png`), fullPage: true });
        await page.click('#visual-draft-tab');
      }
    });

    it('hides and buries in one click, pins through the product picker, and warns about a pinned product that is out of stock', async () => {
      const second = live[1]!.id;
      await draftCard(second).locator('[data-act="hide"]').click();
      await page.locator(`#visual-draft .product-card[data-id="${second}"]`).waitFor({ state: 'detached' });
      await page.locator(`.hidden-products li[data-id="${second}"]`).waitFor();
      await settled();
      const third = live[2]!.id;
      await draftCard(third).locator('[data-act="bury"]').click();
      await page.locator(`#visual-draft .product-card[data-id="${third}"] .badge.buried`).waitFor();
      assert.equal(await draftCard(third).locator('[data-act="bury"]').getAttribute('aria-pressed'), 'true');
      await draftCard(third).locator('[data-act="bury"]').click();
      await page.locator(`#visual-draft .product-card[data-id="${third}"] .badge.buried`).waitFor({ state: 'detached' });
      await settled();
      // The Marathon shoe is out of stock in the fixture: pinned through the picker, found by a word of its name.
      await page.fill('#visual-pick-position', '2');
      await page.locator('#visual-pick').pressSequentially('marathon', { delay: 20 });
      const option = page.locator('#visual-board [role="option"]').first();
      await option.waitFor();
      await page.screenshot({ path: artifact(`console-visual-2-picker-${width}.png`), fullPage: true });
      const picked = await option.getAttribute('data-id');
      await page.locator('#visual-pick').press('ArrowDown');
      await page.locator('#visual-pick').press('Enter');
      await page.locator(`#visual-draft .product-card:nth-child(2)[data-id="${picked}"]`).waitFor();
      await settled();
      assert.equal((await merch('GET', `/products?ids=${picked}`)).body.products[0].stock, 0);
      assert.match((await page.textContent('.warnings')) ?? '', /“Stride Marathon Racing Shoes Black” is out of stock but pinned at #2/);
      assert.match((await draftCard(picked!).locator('.badge.stock').textContent()) ?? '', /Out of stock/);
      await axe('the visual editor with a draft');
    });

    it('saves the draft as a disabled rule with the query filled in, then publishes it', async () => {
      await page.click('#visual-save');
      await page.locator('#console-status', { hasText: /Saved as draft rule/ }).waitFor();
      const [saved] = (await merch('GET', '/rules')).body.rules;
      assert.equal(saved.enabled, false, 'a draft is not live');
      assert.deepEqual(saved.conditions, { query: { match: 'is', values: [query] } });
      assert.equal(saved.actions[0].type, 'pin');
      assert.deepEqual(saved.actions[0].pins, [
        { productId: live.at(-1)!.id, position: 1 },
        { productId: 'shoe-3', position: 2 },
      ]);
      assert.deepEqual(saved.actions[1], { type: 'hide', productIds: [live[1]!.id] });
      const before = (await api.request('GET', `/v1/search?q=${encodeURIComponent(query)}`, { key: publicKey })).body.hits;
      assert.equal(before[0].id, live[0]!.id, 'shoppers still see live');

      await page.click('#visual-publish');
      await page.locator('#console-status', { hasText: /published/ }).waitFor();
      assert.equal((await merch('GET', `/rules/${saved.id}`)).body.enabled, true);
      const after = (await api.request('GET', `/v1/search?q=${encodeURIComponent(query)}`, { key: publicKey })).body.hits;
      assert.equal(after[0].id, live.at(-1)!.id, 'shoppers see the pinned product first');
      await settled();
      await page.screenshot({ path: artifact(`console-visual-3-published-${width}.png`), fullPage: true });
    });

    it('the rule list names the products with thumbnails, not ids', async () => {
      await page.click('#console-nav a[href="#rules"]');
      const row = page.locator('#rules-list tbody tr').first();
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      assert.match(text, new RegExp(`pin ${live.at(-1)!.title.slice(0, 12).replace(/[()]/g, '.')}.* at 1`));
      assert.match(text, new RegExp(`hide ${live[1]!.title.slice(0, 12).replace(/[()]/g, '.')}`));
      assert.ok((await row.locator('.rule-thumbs .thumb').count()) >= 2);
      assert.equal(await sidewaysOverflow(page), 0);
      await page.screenshot({ path: artifact(`console-visual-4-rule-list-${width}.png`), fullPage: true });
      await axe('the rule list');
    });

    it('the rule editor shows what shoppers will see beside it, updated as the rule changes', async () => {
      await page.locator('#rules-list tbody tr').first().locator('[data-act="edit"]').click();
      const first = page.locator('#rule-side-preview .side-hit').first();
      await first.waitFor();
      assert.equal(await first.getAttribute('data-id'), live.at(-1)!.id, 'the pinned product first');
      assert.match((await first.textContent()) ?? '', /\$\d.*stock.*Pinned/);
      const [form, side] = await Promise.all([page.locator('#rule-form').boundingBox(), page.locator('#rule-side-preview').boundingBox()]);
      if (phone) assert.ok(form && side && side.y >= form.y + form.height - 1, 'below the form on a phone');
      else assert.ok(form && side && side.x >= form.x + form.width - 1, 'beside the form on a laptop');
      // Pinning another product in the editor (picked by name) shows in the preview beside it.
      await page.fill('[data-path="actions[0].pins[0].position"]', '3');
      await page.locator('#rule-side-preview .side-hit:nth-child(3)[data-id="' + live.at(-1)!.id + '"]').waitFor();
      await page.click('#rule-side-live-tab');
      assert.equal(
        await page.locator('#rule-side-preview .side-hit').first().getAttribute('data-id'),
        live.at(-1)!.id,
        'live has the published rule',
      );
      assert.equal(await sidewaysOverflow(page), 0);
      await page.screenshot({ path: artifact(`console-visual-5-editor-preview-${width}.png`), fullPage: true });
      await axe('the rule editor with its preview');
      page.once('dialog', (dialog) => void dialog.accept());
      await page.click('#cancel-rule');
    });

    it('merchandises a category page the same way: the rule’s condition is the category', async () => {
      await page.click('#console-nav a[href="#visual"]');
      await page.fill('#visual-q', '');
      await page.fill('#visual-category', 'shoes');
      await page.click('#visual-form button[type="submit"]');
      await draftCard('boot-1').waitFor();
      await settled();
      await draftCard('boot-1').locator('[data-act="hide"]').click();
      await page.locator('.hidden-products li[data-id="boot-1"]').waitFor();
      await settled();
      assert.equal(await page.inputValue('#visual-rule-name'), 'Merchandising for category shoes');
      await page.click('#visual-save');
      await page.locator('#console-status', { hasText: /Saved as draft rule “Merchandising for category shoes”/ }).waitFor();
      const saved = (await merch('GET', '/rules')).body.rules.find((r: { name: string }) => r.name === 'Merchandising for category shoes');
      assert.deepEqual(saved.conditions, { category: { id: 'shoes', includeDescendants: true } });
      assert.deepEqual(saved.actions, [{ type: 'hide', productIds: ['boot-1'] }]);
      assert.equal(saved.enabled, false);
      await page.screenshot({ path: artifact(`console-visual-6-category-${width}.png`), fullPage: true });
    });

    it('opens a saved rule in the visual editor from the list, and saves a change back as its next version', async () => {
      await page.click('#console-nav a[href="#rules"]');
      const row = page.locator('#rules-list tbody tr', { hasText: `Merchandising for “${query}”` });
      const before = (await merch('GET', '/rules')).body.rules.find((r: { name: string }) => r.name === `Merchandising for “${query}”`);
      await row.locator('[data-act="visual"]').click();
      await page.waitForURL(/#visual$/);
      await page.locator(`#visual-draft .product-card:first-child[data-id="${live.at(-1)!.id}"] .badge.pinned`).waitFor();
      await settled();
      assert.equal(await page.inputValue('#visual-q'), query);
      assert.match((await page.textContent('#visual-rule-state')) ?? '', /is live \(version \d+\)/);
      await draftCard('shoe-3').locator('[data-act="unpin"]').click();
      await settled();
      await page.click('#visual-save');
      await page.locator('#console-status', { hasText: /published: shoppers see the draft now/ }).waitFor();
      const after = (await merch('GET', `/rules/${before.id}`)).body;
      assert.equal(after.version, before.version + 1);
      assert.deepEqual(after.actions[0], { type: 'pin', pins: [{ productId: live.at(-1)!.id, position: 1 }] });
      assert.deepEqual(after.actions.slice(1), before.actions.slice(1), 'the hide is kept');
      assert.equal(after.priority, before.priority);
      assert.deepEqual(problems, []);
    });

    it('asks before a page with unsaved visual changes is closed or reloaded', async () => {
      const other = await page.context().newPage();
      try {
        await other.goto(`${api.baseUrl}/console#visual`);
        await other.fill('#visual-q', query);
        await other.click('#visual-form button[type="submit"]');
        await other.locator('#visual-draft .product-card').first().waitFor();
        // Whatever the published rules show first: this draft hides it.
        const first = other.locator('#visual-draft .product-card').first();
        const id = await first.getAttribute('data-id');
        await first.locator('[data-act="hide"]').click();
        await other.locator(`.hidden-products li[data-id="${id}"]`).waitFor();
        const asked = other.waitForEvent('dialog');
        await other.close({ runBeforeUnload: true });
        const dialog = await asked;
        assert.equal(dialog.type(), 'beforeunload');
        await dialog.dismiss();
        assert.equal(other.isClosed(), false, 'staying keeps the draft');
      } finally {
        if (!other.isClosed()) await other.close();
      }
    });
  });
}
