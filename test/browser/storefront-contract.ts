import fs from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import type { TestApi } from '../support/http';

/**
 * Issue 18 adds fields to the API that the storefront draws: the product
 * lookup (`GET /v1/products/:id`), suggestions' display title, highlight
 * ranges, image and price, and the search answer's `category` and
 * `noResults`. Other branches add them to the API; until they have landed on
 * the branch under test, these stand-ins put them into the real API's answers
 * as the agreed contract describes them, built from the fixture catalogue and
 * the real answer itself. Each stand-in checks the real API first and steps
 * aside, for good, as soon as the API serves the field: the same tests then
 * drive the real thing.
 */

interface FixtureCatalog {
  categories: Array<{ id: string; parentId?: string; nameEn: string }>;
  products: Array<{ id: string; status?: string; categoryId: string; descriptionEn?: string; attributes?: Record<string, unknown> }>;
}

const catalog = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/search/catalog.json'), 'utf8')) as FixtureCatalog;

/** Root → leaf, as the API's `categoryPath` and the search answer's `category.path`. */
export function categoryPath(categoryId: string): Array<{ id: string; name: string }> {
  const trail: Array<{ id: string; name: string }> = [];
  for (let c = catalog.categories.find((x) => x.id === categoryId); c; c = catalog.categories.find((x) => x.id === c!.parentId)) {
    trail.unshift({ id: c.id, name: c.nameEn });
  }
  return trail;
}

type Json = Record<string, any>;

async function realFetch(route: Route, url?: string): Promise<{ status: number; body: Json | null }> {
  const response = await route.fetch(url === undefined ? undefined : { url });
  return { status: response.status(), body: (await response.json().catch(() => null)) as Json | null };
}

const fulfil = (route: Route, status: number, body: unknown) =>
  route.fulfill({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) });

/** What the stand-ins did, so a test can say whether it drove the real API or the contract. */
export interface ContractStandIns {
  used: Set<string>;
}

export async function serveContractWhereMissing(page: Page, api: TestApi, key: string): Promise<ContractStandIns> {
  const used = new Set<string>();
  const lookup = await api.request('GET', '/v1/products/shoe-1', { key });
  if (lookup.status !== 200) {
    await page.route(/\/v1\/products\/[^/?]+$/, async (route) => {
      used.add('product lookup');
      const id = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!);
      const fixture = catalog.products.find((p) => p.id === id && (p.status ?? 'active') === 'active');
      const search = fixture ? await api.request('GET', `/v1/search?size=100`, { key }) : null;
      const tile = search?.body.hits.find((h: Json) => h.id === id);
      if (!fixture || !tile) return fulfil(route, 404, { error: { code: 'NOT_FOUND', message: `No product ${id}.` } });
      return fulfil(route, 200, {
        product: {
          ...tile,
          highlightedTitle: null,
          score: null,
          description: fixture.descriptionEn ?? null,
          attributes: fixture.attributes ?? {},
          categoryPath: categoryPath(fixture.categoryId),
        },
      });
    });
  }

  const suggest = await api.request('GET', '/v1/suggest?q=runn&size=5', { key });
  if (!suggest.body.products.every((p: Json) => typeof p.title === 'string' && Array.isArray(p.highlight))) {
    const search = await api.request('GET', `/v1/search?size=100`, { key });
    await page.route(/\/v1\/suggest\?/, async (route) => {
      used.add('suggestion titles');
      const typed = new URL(route.request().url()).searchParams.get('q') ?? '';
      const real = await realFetch(route);
      if (real.status !== 200 || !real.body) return fulfil(route, real.status, real.body);
      real.body.products = real.body.products.map((p: Json) => {
        const tile = search.body.hits.find((h: Json) => h.id === p.id);
        if (!tile) return p;
        // The typed text where a word of the title starts with it.
        const at = tile.title.toLowerCase().search(new RegExp(`(^|\\s)${typed.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        const start = at < 0 ? -1 : at + (at === 0 ? 0 : 1);
        return {
          ...p,
          title: tile.title,
          highlight: start < 0 ? [] : [[start, start + typed.length]],
          imageUrl: tile.imageUrl,
          price: tile.price,
          currency: tile.currency,
        };
      });
      return fulfil(route, 200, real.body);
    });
  }

  const category = await api.request('GET', '/v1/search?category=running-shoes&size=1', { key });
  const nothing = await api.request('GET', '/v1/search?q=zzzqqq&size=1', { key });
  const searchMissing = !('category' in category.body) || !('noResults' in nothing.body) || !('interpretedFilters' in nothing.body);
  if (searchMissing) {
    const trending = await api.request('GET', '/v1/search?size=4', { key });
    await page.route(/\/v1\/search\?/, async (route) => {
      const url = new URL(route.request().url());
      // "… under N": the price read out of the words filters the others (only this one phrase is mimicked).
      const priceSaid = 'interpretedFilters' in nothing.body ? null : /^(.+) under (\d+)$/.exec(url.searchParams.get('q') ?? '');
      if (priceSaid) {
        url.searchParams.set('q', priceSaid[1]);
        url.searchParams.set('price_max', priceSaid[2]);
      }
      const real = await realFetch(route, priceSaid ? url.href : undefined);
      if (real.status !== 200 || !real.body) return fulfil(route, real.status, real.body);
      const body = real.body;
      if (!('category' in body)) {
        used.add('search category');
        const selected = url.searchParams.get('category');
        const trail = selected ? categoryPath(selected) : [];
        body.category = trail.length > 0 ? { ...trail.at(-1), path: trail } : null;
      }
      if (!('interpretedFilters' in body)) {
        used.add('interpreted price');
        body.query = priceSaid ? `${priceSaid[1]} under ${priceSaid[2]}` : body.query;
        body.interpretedFilters = priceSaid ? { price: { lte: Number(priceSaid[2]) }, query: priceSaid[1] } : null;
      }
      if (!('noResults' in body)) {
        used.add('no-result offers');
        body.noResults =
          body.total.value === 0
            ? {
                categories: [{ id: 'running-shoes', name: 'Running Shoes', count: 4 }],
                trending: trending.body.hits,
              }
            : null;
      }
      return fulfil(route, 200, body);
    });
  }
  return { used };
}
