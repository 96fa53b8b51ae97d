import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { assignVariant } from '../../ranking/experiments/assignment';
import { createApiKey } from '../../src/auth/api-keys';
import { createTestEnvironment, type TestEnvironment } from '../support/environment';
import { startTestApi, type TestApi } from '../support/http';
import { loadSearchCatalog } from '../support/search-catalog';
import { collectPageProblems, focusedPath } from './console-support';
import { artifact, launchChromium } from './support';

/**
 * The console's Experiments tab in Chromium over the real app: a bad
 * experiment refused beside its field, one created from the form, started,
 * run on a few shoppers through the API, its results read (no winner yet:
 * the planned sample is not reached), and stopped.
 */
describe('console experiments in Chromium', () => {
  let env: TestEnvironment;
  let api: TestApi;
  let browser: Browser;
  let page: Page;
  let publicKey: string;
  let problems: string[];

  before(async () => {
    env = await createTestEnvironment();
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    publicKey = (await createApiKey(env.db, { role: 'public' })).key;
    const merchandiserKey = (await createApiKey(env.db, { role: 'merchandiser' })).key;
    api = await startTestApi({
      ...env,
      config: { ...env.config, env: 'development', demoPublicKey: publicKey, demoMerchandiserKey: merchandiserKey },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    problems = collectPageProblems(page, [{ status: 400, path: /^\/v1\/merchandising\/experiments$/ }]);
  });
  after(async () => {
    await browser?.close();
    await api?.close();
    await env?.cleanup();
  });

  const status = (text: RegExp) => page.locator('#console-status', { hasText: text }).waitFor();
  const row = (name: string) => page.locator('#experiments-list tbody tr', { hasText: name });

  it('creates, starts, reads and stops an experiment', async () => {
    await page.goto(`${api.baseUrl}/console#experiments`);
    await page.locator('#experiments-list', { hasText: 'No experiments yet' }).waitFor();

    await page.fill('#experiment-name', 'Shoe 2 first');
    await page.fill('#experiment-variant-name', 'pinned');
    await page.fill('#experiment-queries', 'running shoes');
    await page.fill(
      '#experiment-draft',
      JSON.stringify({
        draftRules: [
          {
            name: 'Shoe 2 first',
            conditions: { query: { match: 'is', values: ['running shoes'] } },
            actions: [{ type: 'pin', pins: [{ productId: 'no-such-shoe', position: 1 }] }],
          },
        ],
      }),
    );
    await page.click('#experiment-form button[type="submit"]');
    const error = page.locator('#experiment-form .field-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /Unknown product "no-such-shoe"/);
    assert.equal(await focusedPath(page), 'variants[1]', 'the draft box the field lies in has the focus');

    await page.fill('#experiment-draft', (await page.inputValue('#experiment-draft')).replace('no-such-shoe', 'shoe-2'));
    await page.click('#experiment-form button[type="submit"]');
    await status(/Shoe 2 first created/);
    await row('Shoe 2 first').getByRole('button', { name: 'Start Shoe 2 first' }).click();
    await status(/started/);

    const { experiments } = (
      await api.request('GET', '/v1/merchandising/experiments', { key: (await createApiKey(env.db, { role: 'merchandiser' })).key })
    ).body;
    const id = experiments[0].id as string;
    let pinnedShoppers = 0;
    for (let i = 0; i < 6; i++) {
      const session = `browser-${i}`;
      const search = await api.request('GET', `/v1/search?q=running+shoes&session=${session}`, { key: publicKey });
      assert.equal(search.body.experiment.variant, ['control', 'pinned'][assignVariant(id, session, [50, 50])]);
      if (search.body.experiment.variant === 'pinned') {
        pinnedShoppers++;
        const requestId = search.headers.get('x-request-id');
        await api.request('POST', '/v1/events', {
          key: publicKey,
          body: { events: [{ type: 'purchase', sessionId: session, productId: 'shoe-2', requestId }] },
        });
      }
    }
    await api.searchLog.flush();

    await row('Shoe 2 first').getByRole('button', { name: 'Results Shoe 2 first' }).click();
    await page.locator('#experiment-results-heading', { hasText: 'Shoe 2 first' }).waitFor();
    assert.match((await page.textContent('#experiment-verdict')) ?? '', /Not enough shoppers yet/);
    const pinnedRow = page.locator('#experiment-variants tbody tr', { hasText: 'pinned' });
    assert.equal((await pinnedRow.locator('[data-label="Shoppers"]').textContent())?.trim(), String(pinnedShoppers));
    assert.equal(await page.isVisible('#experiment-promote'), false, 'no winner, nothing to promote');
    await page.screenshot({ path: artifact('console-experiments.png'), fullPage: true });

    await row('Shoe 2 first').getByRole('button', { name: 'Stop Shoe 2 first' }).click();
    await status(/stopped/);
    assert.deepEqual(problems, []);
  });
});
