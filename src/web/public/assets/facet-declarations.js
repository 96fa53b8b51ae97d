// Generated from the facet registry (src/search/facets) by `npx tsx src/search/facets/storefront.ts`: do not edit.
// A unit test (test/unit/search/facets/storefront.test.ts) fails when it falls behind the registry.

/** Every facet, as /v1/search names them and answers them. */
export const facetNames = ['category', 'brand', 'merchant', 'price', 'rating', 'attributes'];

/** The facets, in the order the filter sidebar shows them: what facets.js draws, and how. */
export const facetDeclarations = [
  { name: 'category', title: 'Category', kind: 'tree', position: 10, rootLabel: 'All categories', parameter: 'category' },
  { name: 'brand', title: 'Brand', kind: 'checkboxes', position: 20, parameter: 'brand' },
  {
    name: 'price',
    title: 'Price',
    kind: 'bands',
    position: 30,
    min: 'price_min',
    max: 'price_max',
    anyLabel: 'Any price',
    format: 'price',
  },
  { name: 'rating', title: 'Rating', kind: 'bands', position: 40, min: 'rating_min', anyLabel: 'Any rating', format: 'stars' },
  { name: 'attributes', title: 'Attributes', kind: 'checkboxes', position: 60, parameter: 'attr.{key}' },
  { name: 'merchant', title: 'Seller', kind: 'checkboxes', position: 70, parameter: 'merchant' },
];

/**
 * Every facet parameter, in the order the page's URLs give them: the field of
 * the page's state that keeps it, and its kind (how state.js reads and writes
 * it: list, trail, keyed or single; see src/search/facets/storefront.ts).
 */
export const facetParameters = [
  { name: 'category', field: 'category', kind: 'trail' },
  { name: 'brand', field: 'brand', kind: 'list' },
  { name: 'merchant', field: 'merchant', kind: 'list' },
  { name: 'attr.{key}', field: 'attrs', kind: 'keyed' },
  { name: 'price_min', field: 'priceMin', kind: 'single' },
  { name: 'price_max', field: 'priceMax', kind: 'single' },
  { name: 'rating_min', field: 'ratingMin', kind: 'single' },
];
