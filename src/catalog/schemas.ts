import { z } from 'zod';
import { identifier as id, instant, int4 } from '../core/validation';

/** Input shapes of the catalog write API (camelCase on the wire, snake_case in Postgres). */
const shortText = z.string().trim().min(1).max(500);
const longText = z.string().max(20_000);
const attributeValue = z.union([z.string().trim().min(1).max(100), z.array(z.string().trim().min(1).max(100)).min(1).max(20)]);

export const idSchema = id;

/**
 * A URL the storefront puts in a page (`<img src>`, a link): absolute http(s) only, so no `javascript:` or `data:` URL,
 * no protocol-relative `//host`, and no backslash (browsers read `\` as `/` in http URLs).
 */
export const webUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s\\/?#]+(?:[/?#][^\s\\]*)?$/i.test(v), 'Give an absolute http(s) URL.');

export const merchantInput = z.strictObject({
  name: shortText,
  status: z.enum(['active', 'suspended', 'closed']).default('active'),
  rating: z.number().min(0).max(5).nullable().optional(),
});

export const brandInput = z.strictObject({ name: shortText });

export const categoryInput = z.strictObject({
  parentId: id.nullable().optional(),
  nameEn: shortText,
  nameZh: shortText.nullable().optional(),
  facetAttributes: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
});

export const productInput = z
  .strictObject({
    merchantId: id,
    categoryId: id,
    brandId: id.nullable().optional(),
    titleEn: shortText.nullable().optional(),
    titleZh: shortText.nullable().optional(),
    descriptionEn: longText.nullable().optional(),
    descriptionZh: longText.nullable().optional(),
    attributes: z
      .record(z.string().trim().min(1).max(50), attributeValue)
      .refine((a) => Object.keys(a).length <= 50, 'At most 50 attributes.')
      .default({}),
    price: z.number().min(0).max(10_000_000),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as USD.')
      .default('USD'),
    stock: int4(0, 100_000_000).default(0),
    status: z.enum(['active', 'hidden', 'deleted']).default('active'),
    imageUrl: webUrl.nullable().optional(),
    rating: z.number().min(0).max(5).nullable().optional(),
    reviewCount: int4().default(0),
    /** Rank by sales in the merchant's own history, 1 the best seller: popularity until Agora's own activity says more. */
    salesRank: int4(1).nullable().optional(),
  })
  .refine((p) => Boolean(p.titleEn) || Boolean(p.titleZh), { message: 'Give titleEn, titleZh or both.', path: ['titleEn'] });

/** `orders.total` is numeric(14, 2): an order's lines may not add up to more. */
const maxOrderTotal = 999_999_999_999.99;

export const orderInput = z.strictObject({
  id,
  customerId: id.nullable().optional(),
  placedAt: instant,
  status: z.enum(['placed', 'paid', 'shipped', 'delivered', 'cancelled', 'returned']).default('placed'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('USD'),
  items: z
    .array(z.strictObject({ productId: id, quantity: int4(1, 100_000), unitPrice: z.number().min(0).max(10_000_000) }))
    .min(1)
    .max(500)
    .refine(
      (items) => items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) <= maxOrderTotal,
      `The lines add up to more than ${maxOrderTotal}.`,
    ),
});

export const ordersBatchInput = z.strictObject({ orders: z.array(orderInput).min(1).max(500) });

export type MerchantInput = z.output<typeof merchantInput>;
export type BrandInput = z.output<typeof brandInput>;
export type CategoryInput = z.output<typeof categoryInput>;
export type ProductInput = z.output<typeof productInput>;
export type OrderInput = z.output<typeof orderInput>;
