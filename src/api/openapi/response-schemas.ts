/**
 * JSON schemas of response bodies the storefront codes against, for
 * /openapi.json. They mirror the TypeScript types named beside each; the
 * integration tests of those endpoints check the answers field by field.
 */

const nullable = (type: string) => ({ type: [type, 'null'] });
const idName = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } };

/** ProductTile (src/search/shape-response.ts). */
export const productTileSchema = {
  type: 'object',
  required: ['id', 'title', 'price', 'currency', 'inStock', 'merchant', 'category', 'score', 'pinned'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string', description: 'The English title, else the Chinese one.' },
    titleEn: nullable('string'),
    titleZh: nullable('string'),
    highlightedTitle: {
      ...nullable('string'),
      description: 'The title with matched words in <em>, the rest HTML-escaped; null outside a search.',
    },
    price: { type: 'number' },
    currency: { type: 'string' },
    inStock: { type: 'boolean' },
    rating: nullable('number'),
    reviewCount: { type: 'integer' },
    imageUrl: nullable('string'),
    brand: { oneOf: [idName, { type: 'null' }] },
    merchant: idName,
    category: { ...idName, description: 'The leaf category.' },
    score: { ...nullable('number'), description: 'Relevance; null for pinned hits and outside a search.' },
    pinned: { type: 'boolean', description: 'Placed by a merchandising rule.' },
  },
};

/** GET /v1/products/{id}: ProductDetail (src/search/product/shape-product.ts) under `product`. */
export const productResponseSchema = {
  type: 'object',
  required: ['product'],
  properties: {
    product: {
      allOf: [
        productTileSchema,
        {
          type: 'object',
          required: ['description', 'attributes', 'categoryPath'],
          properties: {
            description: nullable('string'),
            attributes: {
              type: 'object',
              description: 'Attribute key → its value, or its values when there are several, as the merchant gave them.',
              additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
            },
            categoryPath: { type: 'array', items: idName, description: 'The category and its ancestors, root first.' },
          },
        },
      ],
    },
  },
};

const textEntry = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['id', 'text'],
  properties: { id: { type: 'string' }, text: { type: 'string' }, ...extra },
});

/** GET /v1/suggest: Suggestions (src/search/suggest/suggest-service.ts). */
export const suggestionsResponseSchema = {
  type: 'object',
  required: ['query', 'queries', 'products', 'categories', 'brands', 'tookMs'],
  properties: {
    query: { type: 'string' },
    queries: {
      type: 'array',
      items: { type: 'object', required: ['text', 'searches'], properties: { text: { type: 'string' }, searches: { type: 'integer' } } },
    },
    products: {
      type: 'array',
      items: {
        ...textEntry({
          text: { type: 'string', description: 'The completion input that matched (lower case, no punctuation); kept for older clients.' },
          title: { type: 'string', description: "The product's own title (the Chinese one when Chinese was typed and matched it)." },
          highlight: {
            type: 'array',
            description:
              'UTF-16 [start, end) ranges of title matching the typed words: the start of each title word a typed word begins (case-, width- and accent-insensitive, one typo from four letters on); for Chinese, the characters typed.',
            items: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2 },
          },
          imageUrl: nullable('string'),
          price: { type: 'number' },
          currency: { type: 'string' },
        }),
        required: ['id', 'text', 'title', 'highlight', 'imageUrl', 'price', 'currency'],
      },
    },
    categories: { type: 'array', items: textEntry() },
    brands: { type: 'array', items: textEntry() },
    tookMs: { type: 'integer' },
  },
};
