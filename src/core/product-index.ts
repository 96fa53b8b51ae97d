import type { estypes } from '@elastic/elasticsearch';
import type { Config } from './config';

/**
 * The products index: the document Agora stores per product, its mapping and
 * settings, and how indexes and the alias are named. Indexers write this
 * shape and the search API reads it; both import it from here and nowhere
 * else. Bump PRODUCT_INDEX_VERSION with any mapping or analysis change, then
 * run `agora reindex`: the version is stored in the index `_meta` so status
 * can tell an index built by older code.
 *
 * Only Elasticsearch core is assumed (see indexers/ELASTICSEARCH-CORE.md): no
 * stemmers, n-grams, rank_feature or scaled_float. Text is analysed in Node
 * by src/core/text and stored pre-analysed in `*_terms`/`*_words` fields with the
 * whitespace analyzer; the original text stays in standard-analysed fields
 * for phrases and highlighting.
 */
// 2: recommendations.ease (the personalised model's rows). 3: title_joined. 4: recommendations.llr (indicator strengths).
// 5: Chinese retail compounds (src/core/text/dictionaries) and traditional → simplified folding.
// 6: numbers, measures and model codes in one written form (src/core/text/numbers.ts); acronyms in title_joined.
// 7: title_joined also holds runs of three words ("gearsofwar").
export const PRODUCT_INDEX_VERSION = 7;

/** Statuses that have a document; `deleted` products are removed from the index. */
export type IndexedStatus = 'active' | 'hidden';

export interface ProductDocument {
  id: string;
  /** The product's Postgres version, also the document's external `_version`. */
  version: number;
  status: IndexedStatus;
  /** Shoppers may see it: the product is active and so is its merchant. Searches filter on this. */
  visible: boolean;

  /** Original text, standard analyzer: phrase queries and highlighting. */
  title_en: string | null;
  title_zh: string | null;
  description_en: string | null;
  description_zh: string | null;
  /** Stems of both titles from src/core/text `analyze` (index purpose), space-separated. */
  title_terms: string;
  /** Normalised unstemmed words of both titles: prefix (as-you-type) and fuzzy matching. */
  title_words: string;
  /**
   * Title words written other ways: neighbouring words together, two and three ("dead space 2" → "deadspace space2
   * deadspace2"), so a glued query word finds them, and the initials of a name ("call of duty" → "cod", "modern
   * warfare 3" → "mw3").
   */
  title_joined: string;
  description_terms: string;
  /** Normalised whole titles, for exact matches. */
  title_exact: string[];
  /** Completion inputs for visible products only; weight follows popularity. */
  suggest?: { input: string[]; weight: number };

  merchant: { id: string; name: string; status: string; rating: number | null };
  brand: { id: string; name: string } | null;
  category: {
    id: string;
    /** Ancestor ids root → self: filtering on any ancestor finds the product. */
    ids: string[];
    /** "root", "root>child", "root>child>leaf": one value per level, for hierarchical facets. */
    paths: string[];
    names_en: string[];
    names_zh: string[];
    /** Every ancestor's names, analysed by src/core/text like the titles. */
    terms: string;
    depth: number;
  };
  /** Facetable key → values; keys differ per category (`attributes.colour`). */
  attributes: Record<string, string[]>;
  /** The same pairs as "key=value", for one terms aggregation over every key. */
  attribute_pairs: string[];

  price: number;
  currency: string;
  in_stock: boolean;
  stock: number;
  rating: number | null;
  review_count: number;
  image_url: string | null;
  created_at: string;
  updated_at: string;

  /** Time-decayed sales and views (log scale, ≥ 0); ranking boosts with field_value_factor. */
  popularity: number;
  /** Recent rate over the previous weeks' rate; 1 is steady, above 1 rising. */
  trend: number;
  signals_at: string | null;

  /** Written from Postgres by the collaborative-filtering jobs' tables; empty until they run. */
  recommendations: {
    /** Purchase co-occurrence indicators (LLR), best first: buyers of these also bought this product. */
    also_bought: string[];
    similar: string[];
    /** Products bought in the same orders as this one (LLR, minimum support), best first. */
    bought_together: string[];
    /** Cross-occurrence indicators: viewing these led to buying this product. */
    viewed_indicators: string[];
    /** Cross-occurrence indicators: carting these led to buying this product. */
    carted_indicators: string[];
    /**
     * The personalised model (EASE): the products this one speaks for, with
     * their weights (its row of B, largest first). Read from a shopper's
     * history items at request time; stored, not indexed.
     */
    ease: { items: string[]; weights: number[] };
    /**
     * The LLR indicators seen from this product as a shopper's history item:
     * per kind (bought, viewed, carted), the products whose indicator lists
     * name it and the strength (G²), strongest first. "For you" sums them;
     * stored, not indexed.
     */
    llr: Record<'bought' | 'viewed' | 'carted', { items: string[]; weights: number[] }>;
    /** log2 of the time-decayed interaction count at a fixed epoch; higher is hotter, null without recent activity. */
    trending: number | null;
    /** Distinct customers who bought it: how much history the CF lists rest on. */
    purchasers: number;
    updated_at: string | null;
  };
}

const keyword: estypes.MappingProperty = { type: 'keyword' };
const textWithKeyword: estypes.MappingProperty = { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } };
const preAnalysed: estypes.MappingProperty = { type: 'text', analyzer: 'whitespace', norms: true };

export const productMappings: estypes.MappingTypeMapping = {
  // A field the code does not know is a bug to surface (as a rejected document), not a guess.
  dynamic: 'strict',
  _meta: { index_version: PRODUCT_INDEX_VERSION },
  properties: {
    id: keyword,
    version: { type: 'long', index: false },
    status: keyword,
    visible: { type: 'boolean' },
    title_en: { type: 'text', analyzer: 'standard' },
    title_zh: { type: 'text', analyzer: 'standard' },
    description_en: { type: 'text', analyzer: 'standard' },
    description_zh: { type: 'text', analyzer: 'standard' },
    title_terms: preAnalysed,
    // Core's index_prefixes stands in for edge n-grams: a prefix query on this
    // field hits a precomputed prefix term instead of expanding terms.
    title_words: { ...preAnalysed, index_prefixes: { min_chars: 1, max_chars: 10 } },
    title_joined: preAnalysed,
    description_terms: preAnalysed,
    title_exact: { type: 'keyword', ignore_above: 512 },
    // Inputs are already normalised by src/core/text; whitespace keeps digits and Chinese intact.
    suggest: { type: 'completion', analyzer: 'whitespace', search_analyzer: 'whitespace', max_input_length: 100 },
    merchant: {
      properties: { id: keyword, name: textWithKeyword, status: keyword, rating: { type: 'float' } },
    },
    brand: { properties: { id: keyword, name: textWithKeyword } },
    category: {
      properties: {
        id: keyword,
        ids: keyword,
        paths: keyword,
        names_en: textWithKeyword,
        names_zh: textWithKeyword,
        terms: preAnalysed,
        depth: { type: 'integer' },
      },
    },
    attributes: { type: 'flattened' },
    attribute_pairs: keyword,
    // scaled_float needs mapper-extras; a double holds any 12,2 price exactly enough for ranges and sorting.
    price: { type: 'double' },
    currency: keyword,
    in_stock: { type: 'boolean' },
    stock: { type: 'integer' },
    rating: { type: 'float' },
    review_count: { type: 'integer' },
    image_url: { type: 'keyword', index: false, doc_values: false },
    created_at: { type: 'date' },
    updated_at: { type: 'date' },
    // rank_feature needs mapper-extras; plain floats work with function_score field_value_factor.
    popularity: { type: 'float' },
    trend: { type: 'float' },
    signals_at: { type: 'date' },
    recommendations: {
      properties: {
        also_bought: keyword,
        similar: keyword,
        bought_together: keyword,
        viewed_indicators: keyword,
        carted_indicators: keyword,
        // Only ever read from _source (by id), never searched: not indexed, no doc values.
        ease: { type: 'object', enabled: false },
        llr: { type: 'object', enabled: false },
        trending: { type: 'double' },
        purchasers: { type: 'integer' },
        updated_at: { type: 'date' },
      },
    },
  },
};

/** How a products index is laid out over the cluster: from ELASTICSEARCH_SHARDS, _REPLICAS and _REFRESH_INTERVAL. */
export interface IndexTopology {
  /** Primary shards; fixed when the index is created. */
  shards: number;
  /** Copies of each shard beside the primary once the index serves; each needs a node of its own. */
  replicas: number;
  /** How soon writes become searchable. */
  refreshInterval: string;
}

/** The topology the configuration asks for; every path that builds a products index takes it from here. */
export function indexTopology(
  config: Pick<Config, 'elasticsearchShards' | 'elasticsearchReplicas' | 'elasticsearchRefreshInterval'>,
): IndexTopology {
  return {
    shards: config.elasticsearchShards,
    replicas: config.elasticsearchReplicas,
    refreshInterval: config.elasticsearchRefreshInterval,
  };
}

/** Live settings of a serving index (both can change on an open index). */
export function liveIndexSettings(topology: Pick<IndexTopology, 'replicas' | 'refreshInterval'>): estypes.IndicesIndexSettings {
  return { number_of_replicas: topology.replicas, refresh_interval: topology.refreshInterval };
}

/** While a fresh index is bulk-loaded: no refreshes and no replicas to copy every segment to. */
export const bulkLoadSettings: estypes.IndicesIndexSettings = { number_of_replicas: 0, refresh_interval: '-1' };

export function productIndexSettings(topology: Pick<IndexTopology, 'shards'>): estypes.IndicesIndexSettings {
  return {
    number_of_shards: topology.shards,
    ...bulkLoadSettings,
    // Delete tombstones must outlive any stale write still in flight, or a late
    // upsert with an older external version would bring a deleted product back.
    gc_deletes: '1h',
  };
}

/** The request that creates a fresh products index, ready for bulk loading; its replicas come with liveIndexSettings. */
export function createProductIndexRequest(index: string, topology: Pick<IndexTopology, 'shards'>): estypes.IndicesCreateRequest {
  return { index, settings: productIndexSettings(topology), mappings: productMappings };
}

/** The alias every reader and writer uses; only a reindex knows concrete index names. */
export function productsAlias(indexPrefix: string): string {
  return `${indexPrefix}-products`;
}

/** `<prefix>-products-20261124160512345`: sortable by name, lowercase as Elasticsearch requires. */
export function productsIndexName(indexPrefix: string, at: Date): string {
  return `${productsAlias(indexPrefix)}-${at.toISOString().replace(/\D/g, '')}`;
}

export function productsIndexPattern(indexPrefix: string): string {
  return `${productsAlias(indexPrefix)}-*`;
}

export function isProductsIndex(indexPrefix: string, name: string): boolean {
  return name.startsWith(`${productsAlias(indexPrefix)}-`) && /^\d{17}$/.test(name.slice(productsAlias(indexPrefix).length + 1));
}

/** A value matches whatever the case a merchant typed it in ("Red", "red"). */
export function anyValue(field: string, values: string[]): estypes.QueryDslQueryContainer {
  if (values.length === 1) return { term: { [field]: { value: values[0]!, case_insensitive: true } } };
  return { bool: { should: values.map((value) => ({ term: { [field]: { value, case_insensitive: true } } })), minimum_should_match: 1 } };
}
