/**
 * Merchandising rules as data: what a merchandiser wrote, with no I/O and no
 * Elasticsearch in sight. The API validates input into these shapes
 * (src/merchandising/schemas.ts); the matcher and the resolver read them.
 */

/** How a rule's query values compare with the shopper's query, word by word after analysis. */
export type QueryMatch = 'is' | 'starts_with' | 'contains';

/**
 * Products a boost, bury or filter applies to. Keys are AND-ed, values of
 * one key OR-ed, exactly like the storefront's own filters.
 */
export interface ProductFilter {
  /** Named products (the console's one-click boost or bury of a product it shows). */
  productIds?: string[];
  brandIds?: string[];
  /** Any level of the tree: a category includes its descendants. */
  categoryIds?: string[];
  merchantIds?: string[];
  /** Attribute values, matched case-insensitively. */
  attributes?: Record<string, string[]>;
  /** A price band; either end may be open. */
  price?: { min?: number; max?: number };
}

export interface RuleConditions {
  /** Absent: any query, and category pages without one. */
  query?: { match: QueryMatch; values: string[] };
  /** The category being viewed (or filtered on), optionally with its descendants. */
  category?: { id: string; includeDescendants: boolean };
  /** Storefront context tags (channel, locale, segment); the request's tag must be one of them. */
  contexts?: string[];
  /**
   * Only when the search finds nothing (Algolia's "no results" condition):
   * all the words, as typed (or as another rule rewrote them), match no
   * product. Such a rule goes before the search's own fallbacks (spelling
   * correction, fewer words), so a merchandiser can redirect, rewrite or
   * show a banner for these queries. Absent or false: any result count.
   */
  noResults?: boolean;
  /** ISO 8601 instants; the rule is active from startsAt (inclusive) until endsAt (exclusive). */
  startsAt?: string;
  endsAt?: string;
}

export interface Banner {
  title: string;
  text?: string;
  imageUrl?: string;
  linkUrl?: string;
  /** Where the storefront should show it. @default 'top' */
  placement: 'top' | 'inline' | 'bottom';
}

export interface Pin {
  productId: string;
  /** 1-based position in the result list. */
  position: number;
}

export type RuleAction =
  | { type: 'pin'; pins: Pin[] }
  | { type: 'hide'; productIds: string[] }
  /** Matching products' scores × (1 + weight). */
  | { type: 'boost'; filter: ProductFilter; weight: number }
  /** Matching products' scores × (1 − weight). */
  | { type: 'bury'; filter: ProductFilter; weight: number }
  | { type: 'filter'; filter: ProductFilter }
  /** Search for this instead of what was typed. */
  | { type: 'rewrite'; query: string }
  /** Answer with this URL instead of results. */
  | { type: 'redirect'; url: string }
  | { type: 'banner'; banner: Banner }
  /** Free-form JSON handed to the storefront with the results. */
  | { type: 'data'; data: Record<string, unknown> };

export type RuleActionType = RuleAction['type'];

/** A rule as stored: its definition plus identity. */
export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  /** Higher first. */
  priority: number;
  conditions: RuleConditions;
  actions: RuleAction[];
}

export type RuleDefinition = Omit<Rule, 'id'>;

/** What the matcher knows about one storefront request. */
export interface MatchInput {
  /** The query's terms (src/core/text analyze, query purpose), or null when browsing. */
  queryTerms: string[] | null;
  /** Ancestor paths (root → self) of each category the request filters on. */
  categoryPaths: string[][];
  context: string | null;
  /** The search found nothing: rules with the noResults condition may match. @default false */
  noResults?: boolean;
  /** Epoch milliseconds: the clock time windows are judged by. */
  now: number;
}

/** Why a rule matched: the parts of its conditions that held, for ordering and for explanations. */
export interface RuleMatch {
  rule: Rule;
  query: { match: QueryMatch; value: string; words: number } | null;
  category: { id: string; depth: number; includeDescendants: boolean } | null;
  context: string | null;
}
