import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { createApiKey } from '../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { startTestApi, type TestApi } from '../support/http';
import { loadSearchCatalog } from '../support/search-catalog';
import { collectPageProblems, sidewaysOverflow } from './console-support';
import { artifact, launchChromium } from './support';

/** Suggestion bans and additions in the console (issue 20, point 7), at 1366 and 390 px. */
for (const width of [1366, 390]) {
  describe(`suggestion controls in Chromium at ${width} px`, () => {
    let env: TestEnvironment;
    let api: TestApi;
    let browser: Browser;
    let page: Page;
    let problems: string[];
    let merchandiserKey: string;

    before(async () => {
      env = await createTestEnvironment();
      await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
      const publicKey = (await createApiKey(env.db, { role: 'public' })).key;
      merchandiserKey = (await createApiKey(env.db, { role: 'merchandiser' })).key;
      api = await startTestApi({
        ...env,
        config: { ...env.config, env: 'development', demoPublicKey: publicKey, demoMerchandiserKey: merchandiserKey },
      });
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      // Refused on purpose below: the same ban twice (409).
      problems = collectPageProblems(page, [{ status: 409, path: /^\/v1\/merchandising\/suggestions$/ }]);
    });
    after(async () => {
      await browser?.close();
      await api?.close();
      await env?.cleanup();
    });

    const overrides = async () =>
      (await api.request('GET', '/v1/merchandising/suggestions', { key: merchandiserKey })).body as {
        bans: Array<{ text: string; match: string }>;
        additions: Array<{ text: string; weight: number | null }>;
      };

    it('bans a suggestion and adds one, then removes the ban', async () => {
      await page.goto(`${api.baseUrl}/console#suggestions`);
      await page.locator('#suggestions-list[aria-busy="false"] .override-group').first().waitFor();
      await page.fill('#suggestion-text', 'cheap knockoff');
      await page.selectOption('#suggestion-match', 'contains');
      await page.click('#suggestion-form button[type="submit"]');
      await page.locator('#suggestions-list li[data-text="cheap knockoff"]').waitFor();
      assert.deepEqual(
        (await overrides()).bans.map((b) => [b.text, b.match]),
        [['cheap knockoff', 'contains']],
      );

      await page.fill('#suggestion-text', 'cheap knockoff');
      await page.click('#suggestion-form button[type="submit"]');
      await page.locator('#suggestion-form .field-error').waitFor();
      assert.match((await page.textContent('#suggestion-form .field-error')) ?? '', /already a ban/);

      await page.check('#suggestion-add');
      await page.fill('#suggestion-text', 'trail running shoes');
      await page.fill('#suggestion-weight', '50');
      await page.click('#suggestion-form button[type="submit"]');
      await page.locator('#suggestions-list li[data-text="trail running shoes"]').waitFor();
      assert.deepEqual(
        (await overrides()).additions.map((a) => [a.text, a.weight]),
        [['trail running shoes', 50]],
      );
      assert.equal(await sidewaysOverflow(page), 0);
      await page.screenshot({ path: artifact(`console-suggestions-${width}.png`), fullPage: true });
      const axe = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(
        axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
      );

      await page.locator('#suggestions-list li[data-text="cheap knockoff"] [data-act="remove"]').click();
      await page.locator('#suggestions-list li[data-text="cheap knockoff"]').waitFor({ state: 'detached' });
      assert.deepEqual((await overrides()).bans, []);
      assert.deepEqual(problems, []);
    });
  });
}
