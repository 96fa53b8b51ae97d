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
 * History and rollback in a real browser (issue 20), at 1366 and 390 px: a
 * rule someone changed shows who, when and what changed, products by name;
 * restoring the earlier version puts it back on the storefront; a suggestion
 * ban removed by mistake comes back from the history.
 */
for (const width of [1366, 390]) {
  describe(`merchandising history in Chromium at ${width} px`, () => {
    const query = 'running shoes';
    let env: TestEnvironment;
    let api: TestApi;
    let browser: Browser;
    let page: Page;
    let merchandiserKey: string;
    let publicKey: string;
    let problems: string[];
    let ruleId: string;

    before(async () => {
      env = await createTestEnvironment();
      await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
      publicKey = (await createApiKey(env.db, { role: 'public' })).key;
      merchandiserKey = (await createApiKey(env.db, { role: 'merchandiser', label: 'Demo merchandiser' })).key;
      api = await startTestApi({
        ...env,
        config: { ...env.config, env: 'development', demoPublicKey: publicKey, demoMerchandiserKey: merchandiserKey },
      });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      problems = collectPageProblems(page, []);
    });
    after(async () => {
      await browser?.close();
      await api?.close();
      await env?.cleanup();
    });

    const merch = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      api.request(method, `/v1/merchandising${path}`, { key: merchandiserKey, body, headers });
    const pinRule = (productId: string) => ({
      name: 'Pin for running shoes',
      conditions: { query: { match: 'is', values: [query] } },
      actions: [{ type: 'pin', pins: [{ productId, position: 1 }] }],
    });
    const firstHit = async () =>
      (await api.request('GET', `/v1/search?q=${encodeURIComponent(query)}`, { key: publicKey })).body.hits[0].id;

    it('shows who changed a rule, when, and what, with products by name', async () => {
      const created = await merch('POST', '/rules', pinRule('shoe-4'));
      assert.equal(created.status, 201);
      ruleId = created.body.id;
      const changed = await merch('PUT', `/rules/${ruleId}`, { ...pinRule('shoe-2'), priority: 5, version: 1 }, { 'x-actor': 'Ana Lima' });
      assert.equal(changed.status, 200);
      await page.goto(`${api.baseUrl}/console#rules`);
      await page.locator(`#rules-list tr[data-id="${ruleId}"] [data-act="history"]`).click();
      await page.waitForURL(/#history$/);
      const entries = page.locator('#history-list[aria-busy="false"] .history-entry');
      await entries.first().waitFor();
      assert.equal(await entries.count(), 2);
      const update = entries.first();
      const text = (await update.textContent()) ?? '';
      assert.match(text, /Rule “Pin for running shoes”/);
      assert.match(text, /by Ana Lima/);
      assert.match(text, /Priority0.*5/);
      assert.match(text, /pin Stride Everyday Runner Red at 1.*pin Nimbus Road Running Shoe Women's Blue at 1/);
      assert.match((await entries.nth(1).textContent()) ?? '', /by Demo merchandiser/, 'without a name given, the key’s label');
      assert.match((await page.textContent('#history-only')) ?? '', /Only rule “Pin for running shoes”/);
      assert.equal(await sidewaysOverflow(page), 0);
      await page.screenshot({ path: artifact(`console-history-1-${width}.png`), fullPage: true });
      const axe = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(
        axe.violations.map((v) => v.id),
        [],
      );
    });

    it('restores the first version: the storefront pins the first product again', async () => {
      assert.equal(await firstHit(), 'shoe-2');
      let question = '';
      page.once('dialog', (dialog) => {
        question = dialog.message();
        void dialog.accept();
      });
      await page.locator('.history-entry').nth(1).locator('[data-act="restore"]').click();
      await page.locator('#console-status', { hasText: /restored to version 1/ }).waitFor();
      assert.match(question, /Restore Rule “Pin for running shoes” to version 1\?/);
      await page.locator('#history-list[aria-busy="false"] .history-entry').nth(2).waitFor();
      assert.match((await page.locator('.history-entry').first().textContent()) ?? '', /now version 3/);
      const rule = (await merch('GET', `/rules/${ruleId}`)).body;
      assert.deepEqual([rule.version, rule.priority, rule.actions[0].pins[0].productId], [3, 0, 'shoe-4']);
      // Every API process picks a change up within a second.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      assert.equal(await firstHit(), 'shoe-4');
      await page.screenshot({ path: artifact(`console-history-2-restored-${width}.png`), fullPage: true });
      assert.deepEqual(problems, []);
    });

    it('brings back a suggestion ban removed by mistake, from the history of suggestions', async () => {
      const ban = await merch('POST', '/suggestions', { action: 'ban', text: 'replica', match: 'contains' });
      assert.equal(ban.status, 201, JSON.stringify(ban.body));
      await page.goto(`${api.baseUrl}/console#suggestions`);
      const item = page.locator(`#suggestions-list[aria-busy="false"] li[data-id="${ban.body.id}"]`);
      await item.waitFor();
      await item.getByRole('button', { name: 'Remove “replica”' }).click();
      await page.locator('#console-status', { hasText: /The History tab can restore it/ }).waitFor();
      assert.equal((await merch('GET', '/suggestions')).body.bans.length, 0);

      await page.click('#console-nav a[href="#history"]');
      await page.selectOption('#history-kind', 'suggestion');
      const deleted = page.locator('#history-list[aria-busy="false"] .history-entry[data-entity="suggestion"][data-op="delete"]');
      await deleted.waitFor();
      assert.equal(await page.locator('#history-list .history-entry[data-entity="rule"]').count(), 0, 'only suggestions listed');
      const text = (await deleted.textContent()) ?? '';
      assert.match(text, /Suggestion ban “replica”/);
      assert.match(text, /never suggest anything containing “replica”/);
      page.once('dialog', (dialog) => void dialog.accept());
      await deleted.locator('[data-act="restore"]').click();
      await page.locator('#console-status', { hasText: /it had been deleted; it is back, under its own id\)/ }).waitFor();
      const [back] = (await merch('GET', '/suggestions')).body.bans;
      assert.deepEqual([back.id, back.text, back.match], [ban.body.id, 'replica', 'contains'], 'back under its own id');
      await page.locator('#history-list[aria-busy="false"] .history-entry[data-op="create"]').nth(1).waitFor();
      assert.equal(await sidewaysOverflow(page), 0);
      await page.screenshot({ path: artifact(`console-history-3-suggestion-${width}.png`), fullPage: true });
      const axe = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(
        axe.violations.map((v) => v.id),
        [],
      );

      await page.click('#console-nav a[href="#suggestions"]');
      await page.locator(`#suggestions-list[aria-busy="false"] li[data-id="${ban.body.id}"] [data-act="history"]`).click();
      await page.waitForURL(/#history$/);
      await page.locator('#history-only', { hasText: /Only suggestion “replica”/ }).waitFor();
      assert.equal(await page.locator('#history-list[aria-busy="false"] .history-entry').count(), 3);
      assert.deepEqual(problems, []);
    });
  });
}
