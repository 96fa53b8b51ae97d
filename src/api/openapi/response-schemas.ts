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
