import type { IndexedStatus, ProductDocument } from '../../src/core/product-index';
import {
  acronyms,
  analyze,
  joinedPairs,
  joinedTriples,
  normalize,
  plainText,
  stem,
  wordStarts,
  words,
  type ChineseSegmenter,
} from '../../src/core/text';
import type { ProductRow } from './rows';

export interface DocumentOptions {
  /** Chinese word splitter. @default the process's shared jieba */
  segmenter?: ChineseSegmenter;
}

const MAX_SUGGEST_INPUT = 100;
/** Chinese title tails per product: enough for a long title's words, bounded so the completion index stays small. */
const MAX_CHINESE_TAILS = 8;
const HAN_START = /^\p{Script=Han}/u;
const MAX_WEIGHT = 2 ** 31 - 1;

/**
 * The search document for a product row: pure apart from jieba's immutable
 * dictionary. Rows with status `deleted` have no document; callers delete those.
 */
export function toProductDocument(row: ProductRow, options: DocumentOptions = {}): ProductDocument {
  if (row.status === 'deleted') throw new Error(`product ${row.id} is deleted and has no document`);
  const analysis = { purpose: 'index' as const, segmenter: options.segmenter };
  const titles = joinText(row.title_en, row.title_zh);
  const descriptions = joinText(row.description_en, row.description_zh);
  const titleWords = words(titles, analysis);
  const visible = row.status === 'active' && row.merchant_status === 'active';
  const popularity = row.popularity ?? 0;
  const attributes = toAttributes(row.attributes);
  const path = row.category_path;

  return {
    id: row.id,
    version: Number(row.version),
    status: row.status satisfies IndexedStatus,
    visible,
    title_en: row.title_en,
    title_zh: row.title_zh,
    description_en: row.description_en,
    description_zh: row.description_zh,
    // The same words stemmed: one analysis pass serves both fields.
    title_terms: titleWords.map(stem).join(' '),
    title_words: titleWords.join(' '),
    title_joined: titlePairs(row).join(' '),
    description_terms: analyze(descriptions, analysis).join(' '),
    title_exact: unique([row.title_en, row.title_zh].flatMap((t) => (t === null ? [] : [normalize(t)])).filter((t) => t !== '')),
    // Hidden products and closed merchants must not leak through autocomplete, which has no filters.
    ...(visible
      ? { suggest: { input: suggestInputs(row, options.segmenter), weight: Math.min(MAX_WEIGHT, Math.round(popularity * 100) + 1) } }
      : {}),
    merchant: { id: row.merchant_id, name: row.merchant_name, status: row.merchant_status, rating: toNumber(row.merchant_rating) },
    brand: row.brand_id === null ? null : { id: row.brand_id, name: row.brand_name ?? row.brand_id },
    category: {
      id: row.category_id,
      ids: path,
      paths: path.map((_, i) => path.slice(0, i + 1).join('>')),
      names_en: row.category_names_en ?? [],
      names_zh: row.category_names_zh ?? [],
      // Stemmed like titles, so "run shoe" finds the "Running Shoes" category's products.
      terms: categoryTerms(row, options.segmenter),
      depth: row.category_depth,
    },
    attributes,
    attribute_pairs: Object.entries(attributes).flatMap(([key, values]) => values.map((v) => `${key}=${v}`)),
    price: Number(row.price),
    currency: row.currency.trim(),
    in_stock: row.stock > 0,
    stock: row.stock,
    rating: toNumber(row.rating),
    review_count: row.review_count,
    image_url: row.image_url,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    popularity,
    trend: row.trend ?? 1,
    signals_at: row.signals_at?.toISOString() ?? null,
    recommendations: {
      also_bought: row.also_bought ?? [],
      similar: row.similar ?? [],
      bought_together: row.bought_together ?? [],
      viewed_indicators: row.viewed_indicators ?? [],
      carted_indicators: row.carted_indicators ?? [],
      ease: { items: row.ease_items ?? [], weights: row.ease_weights ?? [] },
      llr: {
        bought: { items: row.llr_bought_items ?? [], weights: row.llr_bought_weights ?? [] },
        viewed: { items: row.llr_viewed_items ?? [], weights: row.llr_viewed_weights ?? [] },
        carted: { items: row.llr_carted_items ?? [], weights: row.llr_carted_weights ?? [] },
      },
      trending: row.trending,
      purchasers: row.purchasers ?? 0,
      updated_at: row.recommendations_at?.toISOString() ?? null,
    },
  };
}

// Every product of a category has the same ancestor names: analyse them once
// per category text, not once per product (a bounded memo of a pure function).
const categoryTermsMemo = new Map<string, string>();

function categoryTerms(row: ProductRow, segmenter: ChineseSegmenter | undefined): string {
  const text = joinText(...(row.category_names_en ?? []), ...(row.category_names_zh ?? []));
  let terms = categoryTermsMemo.get(text);
  if (terms === undefined) {
    if (categoryTermsMemo.size >= 10_000) categoryTermsMemo.clear();
    terms = analyze(text, { purpose: 'index', segmenter }).join(' ');
    categoryTermsMemo.set(text, terms);
  }
  return terms;
}

/**
 * Attribute keys as the search API accepts them (`attr.<key>`: lowercase
 * letters, digits, `_`); values trimmed but not case-folded, since facets show
 * them. Scalars become strings, lists give several values, nested objects are
 * not facetable and are left out.
 */
export function toAttributes(raw: Record<string, unknown> | null): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [rawKey, rawValue] of Object.entries(raw ?? {})) {
    const key = normalize(rawKey)
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 50);
    if (key === '') continue;
    const values = (Array.isArray(rawValue) ? rawValue : [rawValue])
      .filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v))
      .map((v) => String(v).replace(/\s+/g, ' ').trim())
      .filter((v) => v !== '');
    if (values.length > 0) out[key] = unique([...(out[key] ?? []), ...values]);
  }
  return out;
}

/**
 * Completion matches from the start of an input, so besides each whole title
 * the English title also contributes its tails ("air max 90" for "nike air
 * max 90"): typing a later word still suggests the product. The Chinese title
 * contributes the tails starting at each Chinese word, since its product noun
 * usually comes last ("跑鞋 红色" for "nimbus 男士轻便越野跑鞋 红色", so 跑
 * suggests it). Inputs are plainText (no punctuation), the form the prefix is
 * compared in.
 */
function suggestInputs(row: ProductRow, segmenter: ChineseSegmenter | undefined): string[] {
  const inputs: string[] = [];
  for (const title of [row.title_en, row.title_zh]) {
    if (title === null) continue;
    const text = plainText(title);
    if (text !== '') inputs.push(text.slice(0, MAX_SUGGEST_INPUT));
  }
  const english = row.title_en === null ? [] : plainText(row.title_en).split(' ');
  for (let start = 1; start <= 2 && start < english.length; start += 1)
    inputs.push(english.slice(start).join(' ').slice(0, MAX_SUGGEST_INPUT));
  const chinese = row.title_zh === null ? '' : plainText(row.title_zh);
  const chineseStarts = wordStarts(chinese, segmenter).filter((at) => at > 0 && HAN_START.test(chinese.slice(at)));
  for (const at of chineseStarts.slice(0, MAX_CHINESE_TAILS)) inputs.push(chinese.slice(at, at + MAX_SUGGEST_INPUT));
  return unique(inputs);
}

/**
 * The titles' words written other ways: each title's neighbouring words
 * joined and stemmed ("Dead Space 2" → "deadspac", "space2"), per title and
 * from its plain words, so no pair spans two titles or the extra joined
 * forms the index-side analysis adds; and the initials its name is known by
 * ("Modern Warfare 3" → "mw3", src/core/text/acronyms.ts).
 */
function titlePairs(row: ProductRow): string[] {
  const titles = [row.title_en, row.title_zh].filter((title): title is string => title !== null);
  const pairs = titles.flatMap((title) => {
    const titleWords = words(title, { purpose: 'query' });
    return [...joinedPairs(titleWords), ...joinedTriples(titleWords)];
  });
  return unique([...pairs.map(stem), ...titles.flatMap(acronyms)]);
}

function joinText(...parts: Array<string | null>): string {
  return parts.filter((p): p is string => p !== null && p !== '').join('\n');
}

function toNumber(value: string | null): number | null {
  return value === null ? null : Number(value);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
