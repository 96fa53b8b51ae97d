import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The Best Buy mobile-search sample (Xbox 360 games, 2011): products and the
 * SKUs shoppers clicked after each query. Its terms allow internal evaluation
 * only, so it is read from the shared folder at run time and never copied
 * into the repository.
 */
export const DEFAULT_DATA_DIR = resolve(__dirname, '../../../../shared/data/bestbuy-small');

/** The folder or one of its files is missing: nothing to evaluate (exit 2, not a crash). */
export class DataUnavailable extends Error {}

/** One line of products.jsonl; the export stores every number as a string. */
export interface BestBuyProduct {
  sku: string;
  name: string;
  type: string;
  manufacturer: string;
  format: string;
  subclass: string;
  categoryPath: Array<{ id: string; name: string }>;
  shortDescription: string;
  longDescription: string;
  regularPrice: string;
  salePrice: string;
  customerReviewCount: string;
  customerReviewAverage: string;
  /** Best Buy's long-term sales rank (1 = best seller); empty when unranked. */
  salesRankLongTerm: string;
}

/** What shoppers clicked after one query, in-catalog SKUs only. */
export interface Judgment {
  query: string;
  /** SKU → clicks. */
  clicks: Map<string, number>;
  totalClicks: number;
  /** Click share of each SKU: the graded relevance. */
  gains: Map<string, number>;
  /** The most-clicked SKUs (several when tied): what MRR and HitRate look for. */
  top: Set<string>;
}

export interface ClickSummary {
  rows: number;
  queries: number;
  clicks: number;
  /** Clicks on SKUs the sample's catalog does not hold, left out of the judgments. */
  outOfCatalogClicks: number;
}

function dataFile(dir: string, name: string): string {
  const file = join(dir, name);
  if (!existsSync(file)) {
    throw new DataUnavailable(
      `Best Buy sample not found: ${file} is missing.\n` +
        `This benchmark reads /work/shared/data/bestbuy-small (products.jsonl, query_sku_clicks.tsv) at run time; ` +
        `its licence forbids copying it into the repository. Pass --data DIR if it lives elsewhere.`,
    );
  }
  return file;
}

export function readProducts(dir: string): BestBuyProduct[] {
  const text = readFileSync(dataFile(dir, 'products.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as BestBuyProduct);
}

/**
 * Judgments from query_sku_clicks.tsv: rows grouped by the normalised query,
 * keeping queries with at least `minClicks` clicks on in-catalog SKUs (one
 * click is too thin to grade anything).
 */
export function readJudgments(dir: string, minClicks: number): { judgments: Judgment[]; summary: ClickSummary } {
  const lines = readFileSync(dataFile(dir, 'query_sku_clicks.tsv'), 'utf8').split('\n').slice(1);
  const byQuery = new Map<string, Map<string, number>>();
  const summary: ClickSummary = { rows: 0, queries: 0, clicks: 0, outOfCatalogClicks: 0 };
  for (const line of lines) {
    if (line.trim() === '') continue;
    const [query, sku, clicksText, inCatalog] = line.split('\t');
    const clicks = Number(clicksText);
    if (query === undefined || sku === undefined || !Number.isFinite(clicks))
      throw new Error(`query_sku_clicks.tsv: unexpected line "${line}"`);
    summary.rows++;
    summary.clicks += clicks;
    if (inCatalog !== '1') {
      summary.outOfCatalogClicks += clicks;
      continue;
    }
    const skus = byQuery.get(query) ?? new Map<string, number>();
    skus.set(sku, (skus.get(sku) ?? 0) + clicks);
    byQuery.set(query, skus);
  }
  summary.queries = byQuery.size;

  const judgments: Judgment[] = [];
  for (const [query, clicks] of byQuery) {
    const totalClicks = [...clicks.values()].reduce((sum, n) => sum + n, 0);
    if (totalClicks < minClicks) continue;
    const most = Math.max(...clicks.values());
    judgments.push({
      query,
      clicks,
      totalClicks,
      gains: new Map([...clicks].map(([sku, n]) => [sku, n / totalClicks])),
      top: new Set([...clicks].filter(([, n]) => n === most).map(([sku]) => sku)),
    });
  }
  // Most-searched first, so examples and listings show what matters most.
  judgments.sort((a, b) => b.totalClicks - a.totalClicks || a.query.localeCompare(b.query));
  return { judgments, summary };
}
