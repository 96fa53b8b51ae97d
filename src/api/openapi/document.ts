import { z } from 'zod';
import { brandInput, categoryInput, merchantInput, ordersBatchInput, productInput } from '../../catalog/schemas';
import { roles } from '../../auth/api-keys';
import { eventInput, maxEventsPerBatch } from '../../events/events';
import { facetQueryParameters, facetsParameter } from '../../search/facets/openapi';
import { sortOptions } from '../../search/request/params';
import { merchandisingOperations } from './merchandising';
import { experimentOperations } from './experiments';
import { recommendationOperations } from './recommendations';
import type { OpenApiOperation as Operation } from './operation';
import { productResponseSchema, suggestionsResponseSchema } from './response-schemas';

/**
 * The OpenAPI document served at /openapi.json. Request bodies come from the
 * same zod schemas that validate them, so the document cannot drift from
 * what the API accepts.
 */

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' }, requestId: { type: 'string' } },
    },
  },
};

/** Every keyed operation may answer 429 once a budget is spent (README, Rate limits). */
const rateLimited = 'RATE_LIMITED: the budget of this key or client address is spent; retry after Retry-After seconds';
const rateLimitHeaders = Object.fromEntries(
  ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'].map((name) => [name, { schema: { type: 'integer' } }]),
);

const idParam = { name: 'id', in: 'path' as const, required: true, description: 'Identifier (letters, digits and . _ : / -)' };
/** Optional preconditions on product writes (src/catalog/preconditions.ts). */
const productPreconditions = [
  {
    name: 'If-Match',
    in: 'header' as const,
    description: 'The ETag (version) the write expects, e.g. "41", a list of them, or * (the product must exist); otherwise 412',
  },
  {
    name: 'If-None-Match',
    in: 'header' as const,
    description: '* creates only: 412 if the product exists (a deleted one may be created again)',
  },
];
const writeResponses = {
  '200': 'Updated',
  '201': 'Created',
  '400': 'Invalid input (the error names the field)',
  '401': 'No or unknown key',
  '403': 'Wrong role or merchant',
};

const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query' as const,
  description,
  schema,
});

const searchParameters = [
  query('q', 'What the shopper typed (English, Chinese or both; at most 200 characters). Without it the request browses.'),
  // Each facet's parameters, declared with the facet (src/search/facets).
  ...facetQueryParameters(),
  query('in_stock', 'Only products in stock.', { type: 'boolean' }),
  facetsParameter(),
  query('facet_size', 'Values per facet (1-50).', { type: 'integer', minimum: 1, maximum: 50, default: 10 }),
  query(
    'sort',
    'relevance (default with q), newest, price_asc, price_desc, best_selling (default without q), rating. Ties break by product id.',
    { type: 'string', enum: [...sortOptions] },
  ),
  query('page', 'Page number; page × size may not pass 1000 (use cursor beyond).', { type: 'integer', minimum: 1, default: 1 }),
  query('size', 'Hits per page (1-100).', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
  query('cursor', 'nextCursor of the previous response, for deep paging (instead of page).'),
  query('customer', "Customer id, for the search log and personalisation; needs that customer's own key (a customer key)."),
  query('session', 'Anonymous session id, for the search log and personalisation.'),
  query('context', 'Storefront context tag (channel, locale, segment) for merchandising rules.'),
  query(
    'correct',
    'false: search the words as typed, never their spelling correction ("Search instead for …" after a corrected answer); the correction is then only offered, as `didYouMean` with `applied` false.',
    { type: 'boolean', default: true },
  ),
];

/** What a search answers beyond hits and facets when the query as typed finds nothing (src/search/fallback). */
const searchResultsDescription = [
  'Results.',
  'A query that finds nothing with all its words typed is retried, first finding wins: every misspelt word corrected, then fewer of the typed words, then fewer of the corrected words (with `correct=false` only fewer of the typed words).',
  '`didYouMean: {query, applied} | null` is the one did-you-mean notice: `applied` true means these are the corrected query\'s results ("Showing results for …"), false that it is only offered ("Did you mean …?").',
  '`correctedQuery` and `showingCorrected` say the same (kept for existing clients); `relaxed` true means the results match only some of the words. `partialMatches`: when the results fill less than the first page of a relevance search of two words or more (a model code typed glued, such as x15, or a phrase with synonyms counts as one word), products matching some of the words (not all), best first, for showing after the results; never in `total` or the facets, empty otherwise.',
  "An answer with no hits has `noResults: {categories: [{id, name, count}], trending: [tile]}` (the leaf categories of products matching any one word, typed or corrected, and the trending products; neither narrowed by the shopper's filters), else `noResults: null`; its facets that count nothing and have nothing selected are left out.",
  'A price said in the query ("shoes under 50", "below $100", "over 200", "between 50 and 100", "$50-100", "低于50", "50元以下"; a number needs such a word, sign or currency, so model numbers, sizes and measures never count) filters the other words when they name any product (even if none at that price: the empty answer then says why): `interpretedFilters: {price: {gte?, lte?}, query} | null` says so, apart from `appliedFilters` (the shopper\'s own); to take it back, search `query`.',
].join(' ');

const operations: Record<string, Record<string, Operation>> = {
  '/v1/search': {
    get: {
      summary:
        'Search products or browse a category: hits, facets, did-you-mean (`didYouMean`), relaxed fallback, exact or lower-bound total; merchandising rules applied (`rules`), `redirect`, `rewrittenQuery`, `banners`, `data`, pinned hits flagged (and counted once in the facets and the total); `category`: `{ id, name, path: [{ id, name }] }` (path root first, the category last) when filtered to exactly one known category, else null; `experiment`: `{ id, variant }` when the shopper (customer, else session) is in a running A/B experiment, else null',
      role: 'public',
      parameters: searchParameters,
      responses: {
        '200': searchResultsDescription,
        '400': 'Invalid parameter (the error names it)',
        '401': 'No or unknown key',
        '503':
          "SEARCH_UNAVAILABLE: Elasticsearch is down or slow; ELASTICSEARCH_UNAUTHORIZED: Elasticsearch refuses Agora's own credentials (a configuration fault); DATABASE_UNAVAILABLE: Postgres is away and the key was never seen by this process. While Postgres is away, known keys, categories and merchandising are served from memory and the 200 carries `X-Agora-Stale` (the stale sources) and `Warning: 110`",
      },
    },
  },
  '/v1/products/{id}': {
    get: {
      summary:
        'One product for a product page: its tile (score null, pinned false, highlightedTitle null) with description, attributes and category path, under the visibility searches have (a customer key: within its filters)',
      role: 'public',
      parameters: [{ ...idParam, description: 'Product id (letters, digits and . _ : / -); no query parameters' }],
      responses: {
        '200': '{ product }',
        '400': 'Invalid id, or a query parameter (the error names it)',
        '401': 'No or unknown key',
        '404': 'NOT_FOUND: no such product, or hidden, deleted, its merchant closed, or outside the customer key’s filters',
        '503': 'SEARCH_UNAVAILABLE: Elasticsearch is down or slow',
      },
      responseSchema: productResponseSchema,
    },
  },
  '/v1/events': {
    post: {
      summary:
        "Record shopper events (view, click, add_to_cart, purchase, search_click) in batches; each item validated on its own (an unknown or deleted productId is refused); `requestId`, the X-Request-Id of the search the event followed, attributes it to the experiment variant that served that search (and, in analytics, to the storefront context that search named); `position`, the clicked product's place in the result list (1 for the first, over all pages), feeds the click-position report",
      role: 'public',
      body: z.strictObject({ events: z.array(eventInput).min(1).max(maxEventsPerBatch) }),
      responses: {
        '202': 'All stored',
        '207': 'Some stored; `rejected` lists the others with their field',
        '400': 'None stored',
        '403': "An event names a customer, and the key is not that customer's own key (nothing stored)",
      },
    },
  },
  '/v1/sessions/merge': {
    post: {
      summary: "At login: attribute an anonymous session's events to the customer (with that customer's own key)",
      role: 'public',
      body: z.strictObject({ sessionId: z.string(), customerId: z.string() }),
      responses: { '200': '{merged}', '400': 'Invalid input', '403': "Not that customer's own key" },
    },
  },
  '/v1/suggest': {
    get: {
      summary:
        'As-you-type suggestions: popular queries, products (own title with the typed part as highlight ranges, image, price), categories, brands (typo-tolerant, English and Chinese)',
      role: 'public',
      parameters: [
        query('q', 'What has been typed so far (1-100 characters).'),
        query('size', 'Suggestions per kind (1-20).', { type: 'integer', minimum: 1, maximum: 20, default: 5 }),
      ],
      responses: { '200': 'Suggestions', '400': 'Invalid parameter', '503': 'SEARCH_UNAVAILABLE' },
      responseSchema: suggestionsResponseSchema,
    },
  },
  '/healthz': { get: { summary: 'The process is alive', responses: { '200': 'Alive' } } },
  '/readyz': {
    get: { summary: 'Every dependency answers; details per dependency', responses: { '200': 'Ready', '503': 'A dependency is down' } },
  },
  '/v1/admin/products/{id}': {
    put: {
      summary:
        'Create or replace a product; the response carries its version as a strong ETag. Optional preconditions: If-Match (apply only at that version; a deleted product matches nothing), If-None-Match: * (create only)',
      role: 'admin',
      body: productInput,
      parameters: [idParam, ...productPreconditions],
      responses: {
        ...writeResponses,
        '412': 'PRECONDITION_FAILED: the product is not at the If-Match version, or exists despite If-None-Match: *',
      },
    },
    delete: {
      summary: 'Delete a product (soft: status becomes deleted); with If-Match, only at that version',
      role: 'admin',
      parameters: [idParam, ...productPreconditions],
      responses: { '204': 'Deleted', '404': 'Unknown product', '412': 'PRECONDITION_FAILED: the product is not at the If-Match version' },
    },
  },
  '/v1/admin/merchants/{id}': {
    put: { summary: 'Create or replace a merchant', role: 'admin', body: merchantInput, parameters: [idParam], responses: writeResponses },
  },
  '/v1/admin/categories/{id}': {
    put: { summary: 'Create or replace a category', role: 'admin', body: categoryInput, parameters: [idParam], responses: writeResponses },
    delete: {
      summary: 'Delete an unused category',
      role: 'admin',
      parameters: [idParam],
      responses: { '204': 'Deleted', '409': 'Still used' },
    },
  },
  '/v1/admin/brands/{id}': {
    put: { summary: 'Create or replace a brand', role: 'admin', body: brandInput, parameters: [idParam], responses: writeResponses },
    delete: {
      summary: 'Delete an unused brand',
      role: 'admin',
      parameters: [idParam],
      responses: { '204': 'Deleted', '409': 'Still used' },
    },
  },
  '/v1/admin/orders': {
    post: {
      summary: 'Ingest orders; each is written whole, re-sending replaces it',
      role: 'admin',
      body: ordersBatchInput,
      responses: { '200': '{created, updated}', '400': 'Invalid input' },
    },
  },
  '/v1/admin/keys': {
    get: { summary: 'List API keys (prefixes only)', role: 'admin', responses: { '200': 'Keys' } },
    post: {
      summary: 'Create an API key; the response shows it once',
      role: 'admin',
      body: z.strictObject({ role: z.enum(roles), merchantId: z.string().nullable().optional(), label: z.string().nullable().optional() }),
      responses: { '201': 'Created' },
    },
  },
  '/v1/admin/keys/{id}': {
    delete: { summary: 'Revoke an API key', role: 'admin', parameters: [idParam], responses: { '204': 'Revoked', '404': 'Unknown key' } },
  },
};

export function buildOpenApiDocument(extra: Record<string, Record<string, Operation>> = {}): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [path, methods] of Object.entries({
    ...operations,
    ...merchandisingOperations,
    ...experimentOperations,
    ...recommendationOperations,
    ...extra,
  })) {
    paths[path] = Object.fromEntries(
      Object.entries(methods).map(([method, op]) => [
        method,
        {
          summary: op.summary,
          ...(op.role ? { security: [{ apiKey: [] }], 'x-agora-role': op.role } : {}),
          ...(op.parameters ? { parameters: op.parameters.map((p) => ({ schema: { type: 'string' }, ...p })) } : {}),
          ...(op.body
            ? {
                requestBody: {
                  required: true,
                  content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) } },
                },
              }
            : {}),
          responses: Object.fromEntries(
            Object.entries(op.role ? { ...op.responses, '429': rateLimited } : op.responses).map(([status, description]) => [
              status,
              {
                description,
                ...(Number(status) >= 400 ? { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } : {}),
                ...(Number(status) < 300 && op.responseSchema ? { content: { 'application/json': { schema: op.responseSchema } } } : {}),
                ...(status === '429' ? { headers: rateLimitHeaders } : {}),
              },
            ]),
          ),
        },
      ]),
    );
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Agora', version: '0.1.0', description: 'Search and recommendations for multi-merchant marketplaces.' },
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            "An Agora API key: public, a customer key (a public key bound to one customer, signed by the storefront's server, optionally with filters — merchantIds, categoryIds, brandIds — that every search, suggestion and recommendation it makes is AND-ed with), merchandiser or admin; README, API keys.",
        },
      },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
