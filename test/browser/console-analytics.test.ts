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
 * Analytics in a real browser (issue 20), at 1366 and 390 px: headline
 * figures and searches per day, tables a very long query cannot widen,
 * attack strings left out, and one click from a query that found nothing to
 * a prefilled synonym or rule.
 */
for (const width of [1366, 390]) {
  describe(`search analytics in Chromium at ${width} px`, () => {
    let env: TestEnvironment;
    let api: TestApi;
    let browser: Browser;
    let page: Page;
    let problems: string[];
    const longQuery = 'supercalifragilisticexpialidocious'.repeat(2) + 'x'.repeat(25);

    before(async () => {
      env = await createTestEnvironment();
      await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
      const publicKey = (await createApiKey(env.db, { role: 'public' })).key;
      const merchandiserKey = (await createApiKey(env.db, { role: 'merchandiser' })).key;
      api = await startTestApi({
        ...env,
        config: { ...env.config, env: 'development', demoPublicKey: publicKey, demoMerchandiserKey: merchandiserKey },
      });
      const now = Date.now();
      const logged = (q: string, results: number, n: number, daysAgo = 0, context: string | null = null) =>
        Array.from({ length: n }, (_, i) => ({
          context,
          request_id: context === null ? null : `r-${context}-${q.slice(0, 20)}-${i}`,
          query: q,
          normalized_query: q,
          sort: 'relevance',
          result_count: results,
          latency_ms: 5,
          session_id: `s-${q.slice(0, 20)}-${i}`,
          created_at: new Date(now - daysAgo * 86_400_000),
          redirected: false,
        }));
      await env.db('search_log').insert([
        ...logged('skillet', 1, 6, 0, 'app'),
        ...logged('skillet', 1, 4, 2),
        ...logged('zzqx', 0, 3, 1, 'web'),
        ...logged(longQuery, 0, 2),
        // One-off junk: one shopper, no results.
        ...logged('asdfjkl', 0, 1),
        ...logged('<script>alert(1)</script>', 0, 9),
        ...logged("' or 1=1 --", 0, 9),
      ]);
      await env.db('events').insert([
        {
          type: 'search_click',
          session_id: 's-skillet-0',
          product_id: 'pan-1',
          query: 'skillet',
          occurred_at: new Date(now),
          request_id: 'r-app-skillet-0',
          position: 3,
        },
        { type: 'add_to_cart', session_id: 's-skillet-0', product_id: 'pan-1', occurred_at: new Date(now) },
      ]);
      browser = await launchChromium();
      page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      problems = collectPageProblems(page, []);
    });
    after(async () => {
      await browser?.close();
      await api?.close();
      await env?.cleanup();
    });

    it('shows headline figures and searches per day, leaves attack strings out, and never widens the page', async () => {
      await page.goto(`${api.baseUrl}/console#analytics`);
      await page.locator('#analytics-headline .figure').first().waitFor();
      const headline = (await page.textContent('#analytics-headline')) ?? '';
      // 6 + 4 skillet, 3 zzqx, 2 long, 1 one-off: 16 searches; 6 found nothing; 1 click.
      assert.match(headline, /Searches16/);
      assert.match(headline, /No results38 %6 searches/);
      assert.match(headline, /Click-through6\.3 %1 clicks/);
      assert.match(headline, /Noise left out18/);
      await page.locator('#searches-per-day svg.day-chart').waitFor();
      assert.ok((await page.locator('#searches-per-day rect.bar.searches').count()) >= 2, 'one column per day with searches');
      const listed = await page.locator('#analytics-results tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-query')));
      assert.ok(!listed.some((q) => q?.includes('<script>') || q?.includes('1=1')), 'attack strings are not listed');
      assert.ok(listed.includes(longQuery));
      assert.deepEqual(
        await page.locator('#zero-results tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-query'))),
        ['zzqx', longQuery],
        'a query only one shopper searched is left out of the no-result list',
      );
      assert.equal(await sidewaysOverflow(page), 0, 'a very long query wraps inside its cell');
      const zeroTable = await page.locator('#zero-results').boundingBox();
      assert.ok(zeroTable && zeroTable.width <= width, 'the table fits the screen');
      await page.screenshot({ path: artifact(`console-analytics-1-${width}.png`), fullPage: true });
      const axe = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(
        axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
      );
    });

    it('reports one storefront context, with the clicks by position as a chart', async () => {
      const chart = page.locator('#click-positions svg.position-chart');
      await chart.waitFor();
      assert.match((await chart.locator('desc').textContent()) ?? '', /position 3: 1 clicks, 6\.3 % click-through/);
      assert.equal(await chart.locator('rect.bar.clicks').count(), 12, 'positions 1 to 10, 11-20 and 21+');
      assert.deepEqual(
        await page.locator('#analytics-context option').evaluateAll((options) => options.map((o) => o.getAttribute('value'))),
        ['', 'app', 'web'],
        'the contexts searched in the period, most searched first',
      );
      await page.selectOption('#analytics-context', 'app');
      await page.locator('#analytics-results[aria-busy="false"]').waitFor();
      let headline = '';
      for (let i = 0; i < 50 && !/Searches6/.test(headline); i++) {
        headline = (await page.textContent('#analytics-headline')) ?? '';
        if (!/Searches6/.test(headline)) await page.waitForTimeout(50);
      }
      assert.match(headline, /Searches6/);
      assert.match(headline, /Click-through17 %1 clicks/);
      assert.match((await chart.locator('desc').textContent()) ?? '', /position 3: 1 clicks, 17 % click-through/);
      assert.deepEqual(
        await page.locator('#zero-results tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-query'))),
        [],
        'the no-result queries of other contexts are not listed',
      );
      assert.equal(await sidewaysOverflow(page), 0);
      await page.locator('#positions-heading').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifact(`console-analytics-3-context-positions-${width}.png`), fullPage: true });
      const axe = await new AxeBuilder({ page }).analyze();
      assert.deepEqual(
        axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
      );
      await page.selectOption('#analytics-context', '');
      await page.locator('#analytics-results[aria-busy="false"]').waitFor();
    });

    it('shows the one-off queries when asked', async () => {
      await page.check('#analytics-one-offs');
      await page.click('#analytics-form button[type="submit"]');
      await page.locator('#zero-results tr[data-query="asdfjkl"]').waitFor();
    });

    it('goes from a query that found nothing to a prefilled synonym in one click', async () => {
      await page.locator('#zero-results tr[data-query="zzqx"] [data-act="synonym"]').click();
      await page.waitForURL(/#synonyms$/);
      assert.equal(await page.isChecked('#synonym-oneway'), true);
      assert.equal(await page.inputValue('#synonym-input'), 'zzqx');
      // Polled from outside the page: the strict CSP refuses waitForFunction's evaluated string.
      let focused = '';
      for (let i = 0; i < 50 && focused !== 'synonym-synonyms'; i++) {
        focused = String(await page.evaluate('document.activeElement?.id ?? ""'));
        if (focused !== 'synonym-synonyms') await page.waitForTimeout(50);
      }
      assert.equal(focused, 'synonym-synonyms', 'the keyboard is where the merchandiser types the synonyms');
      await page.screenshot({ path: artifact(`console-analytics-2-synonym-${width}.png`), fullPage: true });
    });

    it('and to a prefilled rule', async () => {
      await page.click('#console-nav a[href="#analytics"]');
      await page.locator('#zero-results tr[data-query="zzqx"] [data-act="rule"]').click();
      await page.locator('#rule-form:not([hidden])').waitFor();
      assert.equal(await page.inputValue('#rule-query-values'), 'zzqx');
      assert.equal(await page.inputValue('#rule-name'), 'Rule for “zzqx”');
      assert.deepEqual(problems, []);
    });
  });
}
