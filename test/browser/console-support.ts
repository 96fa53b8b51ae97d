import type { Page } from 'playwright-core';

/**
 * Problems a page reports while a test drives it: uncaught errors, and
 * console errors other than Chromium's own line for an HTTP error answer
 * the test provoked on purpose (a 400 it wants shown beside a field, a 409,
 * a refused key), named by status and the path of the URL that answered it.
 */
export function collectPageProblems(page: Page, expected: ReadonlyArray<{ status: number; path: RegExp }>): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const status = /the server responded with a status of (\d{3})\b/.exec(message.text())?.[1];
    const url = message.location().url;
    const path = url ? new URL(url).pathname : '';
    if (status && expected.some((e) => e.status === Number(status) && e.path.test(path))) return;
    problems.push(`console error: ${message.text()} (${url})`);
  });
  return problems;
}

/** How far the page scrolls sideways: 0 when everything fits the viewport. Page-side code is a string (no DOM types here). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
}

/** The data-path of the element that has the keyboard focus. */
export async function focusedPath(page: Page): Promise<string | null> {
  return (await page.evaluate('document.activeElement?.dataset?.path ?? null')) as string | null;
}
