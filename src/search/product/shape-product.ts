import type { estypes } from '@elastic/elasticsearch';
import type { ProductDocument } from '../../core/product-index';
import { toTile, type ProductTile, type Tile } from '../shape-response';

/** A product page: the tile, plus its description, attributes and category path (root first). */
export interface ProductDetail extends ProductTile {
  description: string | null;
  /** One value as a string, several as a list, as the merchant gave them. */
  attributes: Record<string, string | string[]>;
  categoryPath: Array<{ id: string; name: string }>;
}

export type ProductSource = Tile & Pick<ProductDocument, 'description_en' | 'description_zh' | 'attributes'>;

export function shapeProduct(hit: estypes.SearchHit<ProductSource>): ProductDetail {
  const source = hit._source!;
  const { category } = source;
  return {
    // Not a search hit: no relevance, no rule placed it, no words to highlight.
    ...toTile({ ...hit, _score: null, highlight: undefined }),
    score: null,
    pinned: false,
    highlightedTitle: null,
    description: source.description_en ?? source.description_zh ?? null,
    attributes: Object.fromEntries(
      Object.entries(source.attributes ?? {}).map(([key, values]) => [key, values.length === 1 ? values[0]! : values]),
    ),
    categoryPath: category.ids.map((id, i) => ({ id, name: category.names_en[i] ?? category.names_zh[i] ?? id })),
  };
}
