import { z } from 'zod';
import type { BrandInput, CategoryInput, MerchantInput, ProductInput } from './catalog-writer';

const text = z.string().trim().min(1);
// Exports often write absent fields as null; null and missing mean the same here.
const optionalText = text.nullish().transform((v) => v ?? null);
const categoryRef = z.object({ id: text, name_en: text, name_zh: optionalText });
const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);
// Money may come as a number or as a decimal string ("19.90") from exporters that fear floats.
const money = z
  .union(
    [
      z.number(),
      z
        .string()
        .trim()
        .regex(/^\d+(\.\d+)?$/)
        .transform(Number),
    ],
    {
      error: (issue) => (issue.input === undefined ? 'required' : 'expected a number or a decimal string'),
    },
  )
  .pipe(z.number().min(0).max(9_999_999_999.99));

/**
 * One product per line of a JSON Lines file (`agora import products`).
 *
 * ```json
 * {"id":"sku-1","merchant":{"id":"m-1","name":"Acme"},
 *  "category":{"path":[{"id":"fashion","name_en":"Fashion","name_zh":"服饰"},{"id":"shoes","name_en":"Shoes"}]},
 *  "brand":"Nimbus","title_en":"Nimbus Trail Running Shoes","price":89.99,"stock":12,
 *  "attributes":{"colour":"red","size":["41","42"]}}
 * ```
 *
 * - `id` (required): the product id, kept as given; a line whose id exists updates that product.
 * - `merchant` (required): `{id, name}`; created when missing (an existing merchant is not renamed).
 * - `category` `{path: [{id, name_en, name_zh?}, ...]}` from the root down to the product's
 *   category, each created when missing; or `category_id` naming an existing category. Exactly one.
 * - `brand`: a name (its id is the name lower-cased, spaces as dashes) or `{id, name}`; created when missing.
 * - `title_en`, `title_zh`: at least one. `description_en`, `description_zh`: optional.
 * - `attributes`: object of string, number, boolean or arrays of strings/numbers. @default {}
 * - `price` (required): number or decimal string, >= 0. `currency`: ISO 4217 code. @default "USD"
 * - `stock`: integer >= 0. @default 0. `status`: active | hidden | deleted. @default "active"
 * - `image_url`, `rating` (0–5), `review_count` (integer >= 0, @default 0): optional.
 * - `sales_rank`: the product's rank by sales in the merchant's own history, 1 the best seller (integer >= 1):
 *   optional; popularity until the product's activity here says more (indexers/signals).
 *
 * A line is the whole product: fields it omits take their defaults on update
 * too. Unknown fields are ignored; null counts as absent.
 */
export const productLineSchema = z
  .object({
    id: text.max(200),
    merchant: z.object({ id: text, name: text }),
    category: z.object({ path: z.array(categoryRef).min(1) }).nullish(),
    category_id: text.nullish(),
    brand: z.union([text, z.object({ id: text, name: text })]).nullish(),
    title_en: optionalText,
    title_zh: optionalText,
    description_en: optionalText,
    description_zh: optionalText,
    attributes: z.record(z.string(), attributeValue).nullish(),
    price: money,
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected a three-letter currency code')
      .nullish(),
    stock: z.number().int().min(0).max(2_147_483_647).nullish(),
    status: z.enum(['active', 'hidden', 'deleted']).nullish(),
    image_url: optionalText,
    rating: z.number().min(0).max(5).nullish(),
    review_count: z.number().int().min(0).max(2_147_483_647).nullish(),
    sales_rank: z.number().int().min(1).max(2_147_483_647).nullish(),
  })
  .superRefine((line, ctx) => {
    if ((line.category == null) === (line.category_id == null))
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'give exactly one of category or category_id' });
    if (line.title_en === null && line.title_zh === null)
      ctx.addIssue({ code: 'custom', path: ['title_en'], message: 'give title_en or title_zh' });
  });

export type ProductLine = z.output<typeof productLineSchema>;

export type ParsedLine = { ok: true; line: ProductLine } | { ok: false; code: 'invalid-json' | 'invalid-product'; message: string };

/** Parses and validates one line of text; pure. */
export function parseProductLine(raw: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, code: 'invalid-json', message: error instanceof Error ? error.message : String(error) };
  }
  const parsed = productLineSchema.safeParse(json);
  if (parsed.success) return { ok: true, line: parsed.data };
  const message = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'line'}: ${i.message}`).join('; ');
  return { ok: false, code: 'invalid-product', message };
}

export function brandIdFromName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}

export interface CatalogRows {
  merchant: MerchantInput;
  brand: BrandInput | null;
  /** The category path, parents first; empty when the line used category_id. */
  categories: CategoryInput[];
  product: ProductInput;
}

/** The rows one valid line touches; pure. */
export function toCatalogRows(line: ProductLine): CatalogRows {
  const path = line.category?.path ?? [];
  const categories = path.map((c, i): CategoryInput => ({
    id: c.id,
    parent_id: i === 0 ? null : (path[i - 1] as { id: string }).id,
    name_en: c.name_en,
    name_zh: c.name_zh,
  }));
  const brand =
    line.brand == null ? null : typeof line.brand === 'string' ? { id: brandIdFromName(line.brand), name: line.brand } : line.brand;
  const categoryId = line.category_id ?? (path[path.length - 1] as { id: string }).id;
  return {
    merchant: line.merchant,
    brand,
    categories,
    product: {
      id: line.id,
      merchant_id: line.merchant.id,
      category_id: categoryId,
      brand_id: brand?.id ?? null,
      title_en: line.title_en,
      title_zh: line.title_zh,
      description_en: line.description_en,
      description_zh: line.description_zh,
      attributes: line.attributes ?? {},
      price: line.price,
      currency: line.currency ?? 'USD',
      stock: line.stock ?? 0,
      status: line.status ?? 'active',
      image_url: line.image_url,
      rating: line.rating ?? null,
      review_count: line.review_count ?? 0,
      sales_rank: line.sales_rank ?? null,
    },
  };
}
