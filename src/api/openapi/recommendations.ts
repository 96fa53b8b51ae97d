import { productRecommendationTypes, recommendationLimits } from '../../recommendations/params';
import type { OpenApiOperation } from './operation';

/** The storefront's recommendation endpoints (public key). */
const role = 'public' as const;
const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query' as const,
  description,
  schema,
});
const path = (description: string) => ({ name: 'id', in: 'path' as const, required: true, description });
const listOf = (description: string) => ({
  type: 'array',
  items: { type: 'string' },
  maxItems: recommendationLimits.maxFilterValues,
  description,
});

const common = [
  query('size', `Items to return (1-${recommendationLimits.maxSize}).`, {
    type: 'integer',
    minimum: 1,
    maximum: recommendationLimits.maxSize,
    default: 10,
  }),
  query(
    'category',
    'Category ids, any level (a category includes its descendants); repeat or comma-separate, OR-ed.',
    listOf('category ids'),
  ),
  query('brand', 'Brand ids, OR-ed.', listOf('brand ids')),
  query('merchant', 'Merchant ids, OR-ed.', listOf('merchant ids')),
  query('price_min', 'Lowest price.', { type: 'number', minimum: 0 }),
  query('price_max', 'Highest price.', { type: 'number', minimum: 0 }),
  query('in_stock', 'Only products in stock.', { type: 'boolean', default: true }),
  query('exclude', `Product ids never to return (at most ${recommendationLimits.maxExcluded}).`, {
    type: 'array',
    items: { type: 'string' },
    maxItems: recommendationLimits.maxExcluded,
  }),
  query(
    'exclude_purchased',
    "Leave out what the customer or session already bought (needs `customer` or `session`, or the path's shopper).",
    { type: 'boolean', default: true },
  ),
  query('max_per_brand', 'Diversity: at most this many items of one brand.', {
    type: 'integer',
    minimum: 1,
    maximum: recommendationLimits.maxPerGroup,
  }),
  query('max_per_merchant', 'Diversity: at most this many items of one merchant.', {
    type: 'integer',
    minimum: 1,
    maximum: recommendationLimits.maxPerGroup,
  }),
];
const customer = query(
  'customer',
  "The shopper, when known: their purchases are excluded. Needs that customer's own key (a customer key).",
);
const session = query('session', 'Anonymous session id, the same way.');

const answer =
  '`{items: [{product, source, reason: {code, text, productId?, categoryId?}, score}], source, sources, fallback, tookMs}`. ' +
  '`source` per item: also_bought, bought_together, similar, for_you, content, category_trending, trending or popular; ' +
  '`fallback` is true when any item comes from a cold-start fallback rather than the requested source.';
const errors = {
  '400': 'Invalid parameter (the error names it)',
  '401': 'No or unknown key',
  '403': 'A customer is named (path or `customer`) and the key is not a customer key bound to that customer',
  '503': 'SEARCH_UNAVAILABLE: Elasticsearch is down or slow',
};
const forYou =
  '"For you": the shopper\'s purchases (the whole history), carts and views, read at request time so a new event changes the next answer, scored with the LLR indicator strengths and EASE weights stored on those products; ' +
  'falls back to trending in the latest viewed category, then trending. A shopper with no history (unknown or new) is not an error: 200 with trending or popular items and `fallback: true`.';

export const recommendationOperations: Record<string, Record<string, OpenApiOperation>> = {
  '/v1/products/{id}/recommendations': {
    get: {
      summary:
        'Recommendations for a product page: `also_bought` (customers who bought it also bought, LLR indicators), `bought_together` (same order), `similar` (content similarity in its category blended with CF). ' +
        'Short or empty lists are topped up from content similarity, category trending, then trending/popular. ' +
        '`bought_together` pairs with too few shared orders still count when their lift beats chance at a 95% lower confidence bound.',
      role,
      parameters: [
        path('Product id'),
        query('type', 'Which list.', { type: 'string', enum: [...productRecommendationTypes], default: 'also_bought' }),
        query(
          'types',
          'Several lists in one request instead of `type` (not both), e.g. `similar,bought_together,also_bought`: comma-separated or repeated, each once, ' +
            'answered in this order and disjoint (no product appears in two lists; earlier lists have first pick), each with its own fallbacks and reasons.',
          {
            type: 'array',
            items: { type: 'string', enum: [...productRecommendationTypes] },
            minItems: 1,
            maxItems: productRecommendationTypes.length,
          },
        ),
        ...common,
        customer,
        session,
      ],
      responses: {
        '200': `${answer} With \`types\`: \`{lists: [{type, items, source, sources, fallback}], tookMs}\`, one list per type in the order asked.`,
        ...errors,
        '404': 'NOT_FOUND: no such product, or it is hidden',
      },
    },
  },
  '/v1/customers/{id}/recommendations': {
    get: {
      summary: forYou,
      role,
      parameters: [path('Customer id'), ...common, query('session', "The customer's current session, if its events are not merged yet.")],
      responses: { '200': answer, ...errors },
    },
  },
  '/v1/sessions/{id}/recommendations': {
    get: {
      summary: `${forYou} For an anonymous session.`,
      role,
      parameters: [path('Session id'), ...common],
      responses: { '200': answer, ...errors },
    },
  },
  '/v1/recommendations/trending': {
    get: {
      summary:
        'Trending products (time-decayed activity), across the catalogue or within `category`; products with no recent activity follow by popularity (`source: popular`, `fallback: true`).',
      role,
      parameters: [...common, customer, session],
      responses: { '200': answer, ...errors },
    },
  },
};
