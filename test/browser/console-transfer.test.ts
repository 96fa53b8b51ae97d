import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { createApiKey } from '../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { startTestApi, type TestApi } from '../support/http';
import { loadSearchCatalog } from '../support/search-catalog';
import { collectPageProblems, sidewaysOverflow } from './console-support';
import { artifact, launchChromium } from './support';

/**
 * Import and export in a real browser (issue 20), at 1366 and 390 px: the
 * rules downloaded as CSV, edited as a spreadsheet would, checked (a dry run
 * listing each row, conflicts included), fixed and imported; the ranking
 * weights exported, edited and checked weight by weight.
 */
for (const width of [1366, 390]) {
  describe(`import and export in Chromium at ${width} px`, () => {
    let env: TestEnvironment;
    let api: TestApi;
    let browser: Browser;
    let page: Page;
    let problems: string[];
    let merchandiserKey: string;
    let csv = '';

    before(async () => {
      env = await createTestEnvironment();
      await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
      const publicKey = (await createApiKey(env.db, { role: 'public' })).key;
      merchandiserKey = (await createApiKey(env.db, { role: 'merchandiser' })).key;
      api = await startTestApi({
        ...env,
        config: { ...env.config, env: 'development', demoPublicKey: publicKey, demoMerchandiserKey: merchandiserKey },
      });
      const created = await merch('POST', '/rules', {
        name: 'Pin for running shoes',
        conditions: { query: { match: 'is', values: ['running shoes'] } },
        actions: [{ type: 'pin', pins: [{ productId: 'shoe-4', position: 1 }] }],
      });
      assert.equal(created.status, 201);
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true })).newPage();
      problems = collectPageProblems(page, []);
    });
    after(async () => {
      await browser?.close();
      await api?.close();
      await env?.cleanup();
    });

    const merch = (method: string, path: string, body?: unknown) =>
      api.request(method, `/v1/merchandising${path}`, { key: merchandiserKey, body });
    const check = async (name: string, content: string) => {
      await page.setInputFiles('#import-file', { name, mimeType: 'text/csv', buffer: Buffer.from(content) });
      await page.click('#import-form button[type="submit"]');
      await page.locator('#import-result[aria-busy="false"] .notice').waitFor();
    };

    it('downloads the rules as CSV', async () => {
      await page.goto(`${api.baseUrl}/console#transfer`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-form button[type="submit"]')]);
      assert.match(download.suggestedFilename(), /^agora-rules-\d{4}-\d\d-\d\d\.csv$/);
      csv = await fs.readFile((await download.path())!, 'utf8');
      assert.match(csv, /^name,enabled,priority,conditions,actions,tags\r\nPin for running shoes,true,0,/);
    });

    it('checks an edited file first, listing conflicts, and imports nothing while one remains', async () => {
      const edited =
        csv.replace('shoe-4', 'shoe-2') + 'Hide a typo,true,0,{},"[{""type"":""hide"",""productIds"":[""no-such-product""]}]"\r\n';
      await check('rules.csv', edited);
      assert.match((await page.textContent('#import-result .notice')) ?? '', /Nothing can be imported yet: 1 item conflicts/);
      assert.deepEqual(
        await page.locator('#import-result tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))),
        ['update', 'conflict'],
      );
      assert.match((await page.textContent('#import-result tr[data-action="conflict"]')) ?? '', /Unknown product "no-such-product"/);
      assert.equal(await page.isVisible('#import-apply'), false);
      assert.equal(await sidewaysOverflow(page), 0);
      await page.screenshot({ path: artifact(`console-import-1-conflict-${width}.png`), fullPage: true });
      const axe = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(
        axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
      );
    });

    it('imports the fixed file: the rule is updated, a new one created', async () => {
      const fixed = csv.replace('shoe-4', 'shoe-2') + 'Hide a boot,false,0,{},"[{""type"":""hide"",""productIds"":[""boot-1""]}]"\r\n';
      await check('rules.csv', fixed);
      assert.match((await page.textContent('#import-result .notice')) ?? '', /would create 1 and update 1/);
      assert.equal((await merch('GET', '/rules')).body.total, 1, 'the check wrote nothing');
      await page.click('#import-apply');
      await page.locator('#import-result .notice', { hasText: /Imported: 1 created, 1 updated/ }).waitFor();
      const rules = (await merch('GET', '/rules')).body.rules;
      assert.deepEqual(
        rules.map((r: { name: string; actions: Array<{ pins?: Array<{ productId: string }> }> }) => r.name),
        ['Pin for running shoes', 'Hide a boot'],
      );
      assert.equal(rules[0].actions[0].pins[0].productId, 'shoe-2');
      await page.screenshot({ path: artifact(`console-import-2-imported-${width}.png`), fullPage: true });
    });

    it('exports the ranking weights, and a dry run of an edited file says each weight before and after', async () => {
      assert.equal((await merch('PUT', '/weights/global', { popularity: 2, rating: 0.5 })).status, 200);
      await page.selectOption('#export-kind', 'weights');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-form button[type="submit"]')]);
      assert.match(download.suggestedFilename(), /^agora-weights-\d{4}-\d\d-\d\d\.csv$/);
      const weights = await fs.readFile((await download.path())!, 'utf8');
      assert.equal(
        weights,
        'scope,text,popularity,recency,rating,stock,merchantRating,personalization,productType\r\nglobal,,2,,0.5,,,,\r\n',
      );
      await page.selectOption('#import-kind', 'weights');
      await check('weights.csv', weights.replace('global,,2,,0.5', 'global,,4,,') + 'shoes,1.5,,,,,,,\r\n');
      assert.match((await page.textContent('#import-result .notice')) ?? '', /would create 1 and update 1/);
      assert.match((await page.textContent('#import-result tr[data-action="update"]')) ?? '', /popularity 2 → 4; rating 0\.5 → inherited/);
      assert.match((await page.textContent('#import-result tr[data-action="create"]')) ?? '', /Category shoes.*text inherited → 1\.5/);
      assert.deepEqual((await merch('GET', '/weights')).body.global, { popularity: 2, rating: 0.5 }, 'the check wrote nothing');
      assert.equal(await sidewaysOverflow(page), 0);
      await page.screenshot({ path: artifact(`console-import-3-weights-${width}.png`), fullPage: true });
      const axe = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(
        axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
      );
      await page.click('#import-apply');
      await page.locator('#import-result .notice', { hasText: /Imported: 1 created, 1 updated/ }).waitFor();
      const now = (await merch('GET', '/weights')).body;
      assert.deepEqual([now.global, now.categories], [{ popularity: 4 }, { shoes: { text: 1.5 } }]);
      await page.selectOption('#import-kind', 'rules');
      await page.selectOption('#export-kind', 'rules');
    });

    it('rules at scale: tags, search, duplicate, and enabling several at once', async () => {
      await page.click('#console-nav a[href="#rules"]');
      const row = (name: string) =>
        page.locator('#rules-list tbody tr', { has: page.locator('th > span:first-child', { hasText: new RegExp(`^${name}$`) }) });
      await row('Hide a boot').locator('[data-act="edit"]').click();
      await page.fill('#rule-tags', 'Boots, winter');
      await page.click('#rule-form button[type="submit"]');
      await page.locator('#console-status', { hasText: /saved as version 2/ }).waitFor();
      await row('Hide a boot').locator('.tag', { hasText: '#boots' }).click();
      assert.equal(await page.inputValue('#rules-search'), '#boots');
      assert.equal(await page.locator('#rules-list tbody tr').count(), 1, 'the tag filters the list');
      await page.fill('#rules-search', 'stride everyday');
      assert.equal(await page.locator('#rules-list tbody tr').count(), 0, 'no rule names that product any more');
      await page.fill('#rules-search', 'nimbus road');
      assert.equal(await page.locator('#rules-list tbody tr').count(), 1, 'found by the name of the product it pins');
      await page.fill('#rules-search', '');

      await row('Hide a boot').locator('[data-act="duplicate"]').click();
      await page.locator('#console-status', { hasText: /duplicated as “Hide a boot \(copy\)”, disabled/ }).waitFor();
      await row('Hide a boot \\(copy\\)').waitFor();
      for (const name of ['Hide a boot', 'Hide a boot \\(copy\\)']) await row(name).locator('.rule-select').check();
      await page.click('#rules-enable-selected');
      await page.locator('#console-status', { hasText: /2 rules enabled/ }).waitFor();
      const rules = (await merch('GET', '/rules')).body.rules as Array<{ name: string; enabled: boolean; tags: string[] }>;
      assert.deepEqual(
        rules.map((r) => [r.name, r.enabled, r.tags]),
        [
          ['Pin for running shoes', true, []],
          ['Hide a boot', true, ['boots', 'winter']],
          ['Hide a boot (copy)', true, ['boots', 'winter']],
        ],
      );
      assert.equal(await sidewaysOverflow(page), 0);
      await page.screenshot({ path: artifact(`console-rules-at-scale-${width}.png`), fullPage: true });
      const axe = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(
        axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
      );
      assert.deepEqual(problems, []);
    });
  });
}
