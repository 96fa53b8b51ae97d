import type { ProductDocument } from '../core/product-index';
import type { RecommendedProduct } from './types';

/** The `_source` fields a recommended product is shown from. */
export const productSourceFields = [
  'id',
  'title_en',
  'title_zh',
  'price',
  'currency',
  'in_stock',
  'rating',
  'review_count',
  'image_url',
  'brand',
  'merchant.id',
  'merchant.name',
  'category.id',
  'category.ids',
  'category.names_en',
  'category.names_zh',
] as const;

export type ProductSource = Pick<
  ProductDocument,
  'id' | 'title_en' | 'title_zh' | 'price' | 'currency' | 'in_stock' | 'rating' | 'review_count' | 'image_url' | 'brand'
> & {
  merchant: { id: string; name: string };
  category: { id: string; ids: string[]; names_en: string[]; names_zh: string[] };
  recommendations?: { trending?: number | null };
};

/** What the anchor of a product's recommendations is read with. */
export const anchorSourceFields = [
  ...productSourceFields,
  'visible',
  'recommendations.also_bought',
  'recommendations.bought_together',
  'recommendations.purchasers',
] as const;

export type AnchorSource = ProductSource & {
  visible: boolean;
  recommendations?: { also_bought?: string[]; bought_together?: string[]; purchasers?: number };
};

export function toRecommendedProduct(source: ProductSource): RecommendedProduct {
  return {
    id: source.id,
    title: titleOf(source),
    titleEn: source.title_en,
    titleZh: source.title_zh,
    price: source.price,
    currency: source.currency,
    inStock: source.in_stock,
    rating: source.rating,
    reviewCount: source.review_count,
    imageUrl: source.image_url,
    brand: source.brand,
    merchant: { id: source.merchant.id, name: source.merchant.name },
    category: { id: source.category.id, name: categoryName(source, source.category.id) },
  };
}

export function titleOf(source: Pick<ProductSource, 'id' | 'title_en' | 'title_zh'>): string {
  return source.title_en ?? source.title_zh ?? source.id;
}

/**
 * The name of `categoryId` (the product's own category or an ancestor), from
 * the document's path. English names line up with the ids one to one
 * (Chinese names are optional and packed), so they are the ones used.
 */
export function categoryName(source: Pick<ProductSource, 'category'>, categoryId: string): string {
  const at = source.category.ids.indexOf(categoryId);
  return (at >= 0 ? source.category.names_en[at] : undefined) ?? categoryId;
}
