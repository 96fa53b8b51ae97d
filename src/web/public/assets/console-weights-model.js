import { numberValue } from './form-values.js';

/**
 * The ranking formula's weights as the console shows them: in the formula's
 * order, with what each one does, and where each current value comes from.
 */
export const weightFields = [
  { name: 'text', label: 'Text relevance', hint: 'Multiplies how well the words match, 0.1–10.' },
  { name: 'popularity', label: 'Popularity', hint: 'Recent sales and views, 0–10.' },
  { name: 'recency', label: 'Recency', hint: 'Newer products, fading over about 90 days, 0–10.' },
  { name: 'rating', label: 'Rating', hint: 'Product rating, 0–10.' },
  { name: 'stock', label: 'In stock', hint: 'Products that can be bought now, 0–10.' },
  { name: 'merchantRating', label: 'Merchant rating', hint: 'The seller’s rating, 0–10.' },
  { name: 'personalization', label: 'Personalization', hint: 'What the shopper’s history points to, 0–10.' },
  { name: 'productType', label: 'Product type', hint: 'Products of the kind the query names (its category), 0–10.' },
];

/**
 * Each weight's current value and the scope that set it. `table` is
 * GET /weights ({defaults, global, categories}); `sources` the scopes that
 * contribute to the page, general to specific (GET /weights/effective).
 */
export function weightOrigins(table, sources) {
  const scopeWeights = (scope) =>
    (scope === 'default' ? table.defaults : scope === 'global' ? table.global : table.categories?.[scope]) ?? {};
  const out = {};
  for (const { name } of weightFields) {
    out[name] = { value: table.defaults?.[name], source: 'default' };
    for (const scope of sources) {
      const value = scopeWeights(scope)[name];
      if (value !== undefined) out[name] = { value, source: scope };
    }
  }
  return out;
}

/**
 * The weights typed into the form (`inputs`: the number inputs by weight
 * name): empty inputs inherit, so they are left out; text that is not a
 * number throws a FormError at that weight's path rather than reading as empty.
 */
export function overridesFromInputs(inputs) {
  const out = {};
  for (const { name } of weightFields) {
    if (!inputs[name]) continue;
    const value = numberValue(inputs[name], name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
