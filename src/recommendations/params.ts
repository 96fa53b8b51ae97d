import { z } from 'zod';
import type { KeyFilters } from '../auth/key-filters';
import { validationError } from '../core/errors';
import { parseInput, identifier as idValue } from '../core/validation';
import { defaultRecommendationSettings } from './settings';

/**
 * Query-string parameters of the recommendation endpoints, validated with a
 * field-level 400 for the first problem. Lists accept repetition and commas
 * alike (`brand=a&brand=b`, `brand=a,b`); several values of one filter are
 * OR-ed, different filters AND-ed.
 */
export const productRecommendationTypes = ['also_bought', 'bought_together', 'similar'] as const;
export type ProductRecommendationType = (typeof productRecommendationTypes)[number];

export const recommendationLimits = {
  maxSize: defaultRecommendationSettings.maxSize,
  maxFilterValues: 20,
  maxExcluded: 100,
  maxPerGroup: 50,
} as const;

export interface RecommendationFilters {
  categoryIds: string[];
  brandIds: string[];
  merchantIds: string[];
  priceMin: number | null;
  priceMax: number | null;
  /** @default true */
  inStock: boolean;
  /** Never from the query string: the filters of the customer key the request came with (restrictToKeyFilters), AND-ed with the rest. */
  restriction?: KeyFilters | null;
}

export interface RecommendationRequest {
  size: number;
  filters: RecommendationFilters;
  /** Never recommend these. */
  exclude: string[];
  /** Leave out what the shopper (customer or session) already bought. @default true */
  excludePurchased: boolean;
  /** Diversity: at most this many items of one brand, or of one merchant. null: no cap. */
  maxPerBrand: number | null;
  maxPerMerchant: number | null;
  /** The shopper, when known: whose purchases to exclude, whose history "for you" reads. */
  customerId: string | null;
  sessionId: string | null;
}

export interface ProductRecommendationRequest extends RecommendationRequest {
  /** @default 'also_bought' */
  type: ProductRecommendationType;
  /**
   * Several lists in one request (`types=similar,bought_together`), in this
   * order, none repeating a product an earlier one holds; null: the one
   * list `type` names. @default null
   */
  types?: ProductRecommendationType[] | null;
}

type RawQuery = Record<string, string | string[] | undefined>;

const once = z.string({ error: 'Give this parameter once.' });
const integer = (min: number, max: number) =>
  once
    .trim()
    .regex(/^\d+$/, 'Must be a whole number.')
    .transform(Number)
    .pipe(z.number().int().min(min, `At least ${min}.`).max(max, `At most ${max}.`));
const price = once
  .trim()
  .regex(/^\d+(\.\d+)?$/, 'Must be a non-negative number.')
  .transform(Number)
  .pipe(z.number().max(1e9));
const bool = once.pipe(z.enum(['true', 'false', '1', '0'], { error: 'Use true or false.' })).transform((v) => v === 'true' || v === '1');
const idList = (max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) => [
      ...new Set(
        (Array.isArray(value) ? value : [value])
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      ),
    ])
    .pipe(z.array(idValue).max(max, `At most ${max} values.`));

const common = {
  size: integer(1, recommendationLimits.maxSize).optional(),
  category: idList(recommendationLimits.maxFilterValues).optional(),
  brand: idList(recommendationLimits.maxFilterValues).optional(),
  merchant: idList(recommendationLimits.maxFilterValues).optional(),
  price_min: price.optional(),
  price_max: price.optional(),
  in_stock: bool.optional(),
  exclude: idList(recommendationLimits.maxExcluded).optional(),
  exclude_purchased: bool.optional(),
  max_per_brand: integer(1, recommendationLimits.maxPerGroup).optional(),
  max_per_merchant: integer(1, recommendationLimits.maxPerGroup).optional(),
  customer: once.pipe(idValue).optional(),
  session: once.pipe(idValue).optional(),
};

const typeValue = z.enum(productRecommendationTypes, { error: `Use one of ${productRecommendationTypes.join(', ')}.` });
const productQuery = z.strictObject({
  ...common,
  type: once.pipe(typeValue).optional(),
  types: z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    )
    .pipe(
      z
        .array(typeValue)
        .min(1, `Give at least one of ${productRecommendationTypes.join(', ')}.`)
        .refine((types) => new Set(types).size === types.length, 'Give each type once.'),
    )
    .optional(),
});
const shopperQuery = z.strictObject({ ...common });
const trendingQuery = z.strictObject({ ...common });

/** GET /v1/products/:id/recommendations, one list (`type`) or several disjoint ones (`types`). */
export function parseProductRecommendationRequest(
  productId: unknown,
  query: RawQuery,
): { productId: string; request: ProductRecommendationRequest } {
  const parsed = parseInput(productQuery, query);
  if (parsed.type !== undefined && parsed.types !== undefined) throw validationError('types', 'Give type or types, not both.');
  return {
    productId: parseInput(idValue, productId, 'id'),
    request: { ...toRequest(parsed), type: parsed.types?.[0] ?? parsed.type ?? 'also_bought', types: parsed.types ?? null },
  };
}

/** GET /v1/customers/:id/recommendations (the path's id is the customer) and /v1/sessions/:id/recommendations. */
export function parseShopperRecommendationRequest(
  actor: { customerId?: unknown; sessionId?: unknown },
  query: RawQuery,
): RecommendationRequest {
  const parsed = parseInput(shopperQuery, query);
  const request = toRequest(parsed);
  if (actor.customerId !== undefined) {
    if (parsed.customer !== undefined) throw validationError('customer', 'The customer is the one in the path.');
    request.customerId = parseInput(idValue, actor.customerId, 'id');
  }
  if (actor.sessionId !== undefined) {
    if (parsed.session !== undefined) throw validationError('session', 'The session is the one in the path.');
    request.sessionId = parseInput(idValue, actor.sessionId, 'id');
  }
  return request;
}

/** GET /v1/recommendations/trending */
export function parseTrendingRequest(query: RawQuery): RecommendationRequest {
  return toRequest(parseInput(trendingQuery, query));
}

function toRequest(q: z.output<typeof shopperQuery>): RecommendationRequest {
  const priceMin = q.price_min ?? null;
  const priceMax = q.price_max ?? null;
  if (priceMin !== null && priceMax !== null && priceMin > priceMax) throw validationError('price_min', 'price_min is above price_max.');
  return {
    size: q.size ?? defaultRecommendationSettings.defaultSize,
    filters: {
      categoryIds: q.category ?? [],
      brandIds: q.brand ?? [],
      merchantIds: q.merchant ?? [],
      priceMin,
      priceMax,
      inStock: q.in_stock ?? true,
    },
    exclude: q.exclude ?? [],
    excludePurchased: q.exclude_purchased ?? true,
    maxPerBrand: q.max_per_brand ?? null,
    maxPerMerchant: q.max_per_merchant ?? null,
    customerId: q.customer ?? null,
    sessionId: q.session ?? null,
  };
}
