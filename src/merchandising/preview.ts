import type { Knex } from 'knex';
import { AppError, validationError } from '../core/errors';
import { explainMatch, type MatchExplanation } from '../../ranking/rules/explain';
import type { AppliedRule, SkippedAction } from '../../ranking/rules/resolve';
import type { Rule } from '../../ranking/rules/types';
import { searchLimits } from '../search/query-string/values';
import { parseSearchRequest, type SearchRequest } from '../search/request/params';
import { scoreComponents, type ScoreComponents } from '../search/score-components';
import type { ExplainedSearch, SearchService } from '../search/search-service';
import type { SearchResult } from '../search/shape-response';
import { checkCategoryIds, checkRuleReferences } from './references';
import { productCards } from './product-cards';
import type { PreviewInput } from './schemas';
import { compileSnapshot, type MerchandisingData } from './snapshot';
import type { MerchandisingStore } from './store';

export interface PreviewHit {
  position: number;
  id: string;
  title: string;
  pinned: boolean;
  score: number | null;
  /** Null for pinned hits: they are placed, not scored. */
  components: ScoreComponents | null;
  /** What the storefront's tile shows, so the console can show the product as shoppers see it. */
  imageUrl: string | null;
  price: number;
  currency: string;
  inStock: boolean;
  merchant: { id: string; name: string };
}

/** Why a pin will not do what the merchandiser expects, in their words. */
export interface PinWarning {
  ruleId: string;
  ruleName: string;
  productId: string;
  productTitle: string;
  kind: 'out_of_stock' | 'hidden' | 'deleted' | 'merchant_closed' | 'hidden_by_rule' | 'filtered_out';
  message: string;
}

export interface DraftHit extends PreviewHit {
  livePosition: number | null;
  /** Places moved up (positive) or down (negative); null when the hit is new. */
  change: number | null;
}

export interface PreviewSide<H extends PreviewHit> {
  /** Every rule that matched, in the order they took effect, with why, what they did and what was overruled. */
  rules: Array<MatchExplanation & { applied: AppliedRule['actions']; skipped: Array<Omit<SkippedAction, 'ruleId'>> }>;
  weights: ExplainedSearch['prepared']['weights'];
  total: SearchResult['total'];
  rewrittenQuery: string | null;
  redirect: string | null;
  banners: SearchResult['banners'];
  data: SearchResult['data'];
  correctedQuery: string | null;
  relaxed: boolean;
  hits: H[];
  /**
   * What shoppers see after a short first page (SearchResult.partialMatches): products matching some of the words,
   * their positions following the hits'. A draft's hide or filter leaves them out there as in the hits.
   */
  partialMatches: H[];
}

export interface PreviewResult {
  live: PreviewSide<PreviewHit>;
  draft: PreviewSide<DraftHit>;
  /** Live hits and partial matches the draft no longer shows on this page. */
  removed: Array<{ id: string; title: string; livePosition: number }>;
  /** Pins of the rules the draft applies that shoppers will not see as intended. */
  warnings: PinWarning[];
}

/** The live data with the drafts applied: the snapshot publishing them would produce. */
export function applyDrafts(live: MerchandisingData, input: PreviewInput): MerchandisingData {
  const removed = new Set(input.removedRuleIds ?? []);
  const rules = new Map<string, Rule>(live.rules.filter((r) => !removed.has(r.id)).map((r) => [r.id, r]));
  (input.draftRules ?? []).forEach(({ id, ...definition }, i) => {
    if (id !== undefined && !live.rules.some((r) => r.id === id)) throw validationError(`draftRules[${i}].id`, `Unknown rule "${id}".`);
    const ruleId = id ?? `draft-${i + 1}`;
    rules.set(ruleId, { id: ruleId, ...definition });
  });
  const categories = new Map(live.weights.categories);
  for (const [id, weights] of Object.entries(input.draftWeights?.categories ?? {})) categories.set(id, weights);
  return {
    version: 'draft',
    rules: [...rules.values()],
    synonyms: [...live.synonyms, ...(input.draftSynonyms ?? []).map((s, i) => ({ ...s, id: `draft-${i + 1}` }))],
    weights: { global: input.draftWeights?.global ?? live.weights.global, categories },
  };
}

function searchParams(input: PreviewInput): Record<string, string | string[]> {
  return {
    ...input.params,
    ...(input.q === undefined ? {} : { q: input.q }),
    ...(input.category === undefined ? {} : { category: input.category }),
    ...(input.context === undefined ? {} : { context: input.context }),
  };
}

/** The search the storefront would send; a bad parameter is named where the preview body put it. */
function parseSearchParams(input: PreviewInput) {
  try {
    return parseSearchRequest(searchParams(input));
  } catch (error) {
    if (!(error instanceof AppError) || error.field === undefined || ['q', 'category', 'context'].includes(error.field)) throw error;
    throw validationError(`params.${error.field}`, error.message);
  }
}

function side(run: ExplainedSearch, now: number): PreviewSide<PreviewHit> {
  const { result, prepared } = run;
  const offset = result.page === null ? 0 : (result.page - 1) * result.size;
  const previewHit = (tile: SearchResult['hits'][number], position: number): PreviewHit => {
    const hit = run.hits.get(tile.id);
    const components =
      !tile.pinned && hit && hit.score !== null
        ? scoreComponents(hit.source, hit.score, prepared.weights.weights, prepared.plan.boosts, now, prepared.query?.productType ?? null)
        : null;
    return {
      position,
      id: tile.id,
      title: tile.title,
      pinned: tile.pinned,
      score: tile.score,
      components,
      imageUrl: tile.imageUrl,
      price: tile.price,
      currency: tile.currency,
      inStock: tile.inStock,
      merchant: tile.merchant,
    };
  };
  return {
    rules: prepared.matches.map((match) => ({
      ...explainMatch(match),
      applied: prepared.plan.applied.find((a) => a.id === match.rule.id)?.actions ?? [],
      skipped: prepared.plan.skipped.filter((s) => s.ruleId === match.rule.id).map(({ ruleId: _ruleId, ...rest }) => rest),
    })),
    weights: prepared.weights,
    total: result.total,
    rewrittenQuery: result.rewrittenQuery,
    redirect: result.redirect,
    banners: result.banners,
    data: result.data,
    correctedQuery: result.correctedQuery,
    relaxed: result.relaxed,
    hits: result.hits.map((tile, i) => previewHit(tile, offset + i + 1)),
    partialMatches: result.partialMatches.map((tile, i) => previewHit(tile, offset + result.hits.length + i + 1)),
  };
}

/**
 * Live and draft results side by side. Both sides run the storefront's own
 * search path (SearchService.explain) with the live snapshot and with the
 * snapshot publishing the drafts would compile, so the draft side is what
 * shoppers will see after publishing, not an approximation of it.
 */
export async function previewDrafts(
  deps: { db: Knex; search: SearchService; store: MerchandisingStore; clock: () => number },
  input: PreviewInput,
): Promise<PreviewResult> {
  for (const [i, rule] of (input.draftRules ?? []).entries()) await checkRuleReferences(deps.db, rule, `draftRules[${i}]`);
  await checkCategoryIds(deps.db, Object.keys(input.draftWeights?.categories ?? {}), (id) => `draftWeights.categories.${id}`);
  const request = parseSearchParams(input);
  const live = await deps.store.snapshot();
  const draftData = applyDrafts(live.data, input);
  const draft = compileSnapshot(draftData);
  const at = input.at === undefined ? deps.clock() : Date.parse(input.at);
  // Live is read deeper than the page shown, so a product the draft moves up from #30 says "▲ 29", not "new".
  const [liveRun, draftRun] = await Promise.all([
    // Editions are ordered within pages of the shopper's size, so the first of them is the page shoppers see.
    deps.search.explain(deepFirstPage(request), live, { at, pageSize: request.size }),
    deps.search.explain(request, draft, { at }),
  ]);
  // Score components use the real time: Elasticsearch's recency decay runs on its own clock, not a simulated one.
  const liveDeep = side(liveRun, Date.now());
  const liveSide = {
    ...liveDeep,
    hits: liveDeep.hits.slice(0, request.size),
    partialMatches: shoppersPartialMatches(liveDeep, request.size),
  };
  const draftSide = side(draftRun, Date.now());
  const livePositions = new Map([...liveSide.partialMatches, ...liveDeep.hits].map((h) => [h.id, h.position]));
  const draftIds = new Set([...draftSide.hits, ...draftSide.partialMatches].map((h) => h.id));
  const matched = new Set(draftSide.rules.map((r) => r.id));
  const withLivePosition = (hit: PreviewHit): DraftHit => {
    const livePosition = livePositions.get(hit.id) ?? null;
    return { ...hit, livePosition, change: livePosition === null ? null : livePosition - hit.position };
  };
  return {
    live: liveSide,
    draft: {
      ...draftSide,
      hits: draftSide.hits.map(withLivePosition),
      partialMatches: draftSide.partialMatches.map(withLivePosition),
    },
    removed: [...liveSide.hits, ...liveSide.partialMatches]
      .filter((h) => !draftIds.has(h.id))
      .map((h) => ({ id: h.id, title: h.title, livePosition: h.position })),
    warnings: await pinWarnings(
      deps.db,
      draftData.rules.filter((r) => matched.has(r.id)),
      draftSide.hits,
      request.page === 1 && request.cursor === null ? request.size : 0,
    ),
  };
}

/**
 * The partial matches a shopper's page of `size` shows, from the live side read deeper: they fill a first page the
 * words fill only partly, best first (execute.ts), so the shopper's are the first of the deep read's, after as many hits.
 */
function shoppersPartialMatches(deep: PreviewSide<PreviewHit>, size: number): PreviewHit[] {
  if (deep.hits.length >= size) return [];
  return deep.partialMatches.slice(0, size - deep.hits.length);
}

/** The first page read as deep as one search may go; other pages (and cursors) as asked. */
function deepFirstPage(request: SearchRequest): SearchRequest {
  if (request.page !== 1 || request.cursor !== null || request.size >= searchLimits.maxSize) return request;
  return { ...request, size: searchLimits.maxSize };
}

/**
 * Pins of the matching rules that will not show as set: the product is out of
 * stock, hidden or deleted, its merchant is not active, a rule hides it, or
 * the search leaves it out (a filter, the in-stock switch). `shownUpTo` is the
 * last position this page covers (0: positions cannot be checked here).
 */
export async function pinWarnings(db: Knex, rules: readonly Rule[], hits: readonly PreviewHit[], shownUpTo: number): Promise<PinWarning[]> {
  const pins = rules.flatMap((rule) =>
    rule.actions.flatMap((action) => (action.type === 'pin' ? action.pins.map((pin) => ({ rule, pin })) : [])),
  );
  if (pins.length === 0) return [];
  const hidden = new Set(rules.flatMap((r) => r.actions.flatMap((a) => (a.type === 'hide' ? a.productIds : []))));
  const cards = new Map((await productCards(db, [...new Set(pins.map((p) => p.pin.productId))])).map((c) => [c.id, c]));
  const shown = new Set(hits.map((h) => h.id));
  const warnings: PinWarning[] = [];
  for (const { rule, pin } of pins) {
    const card = cards.get(pin.productId);
    const title = card?.title ?? pin.productId;
    const warn = (kind: PinWarning['kind'], message: string) =>
      warnings.push({ ruleId: rule.id, ruleName: rule.name, productId: pin.productId, productTitle: title, kind, message });
    if (!card || card.status === 'deleted') warn('deleted', `“${title}” has been deleted from the catalogue: the pin shows nothing.`);
    else if (card.status !== 'active') warn('hidden', `“${title}” is hidden in the catalogue: shoppers never see it, pinned or not.`);
    if (card && card.merchant.status !== 'active')
      warn('merchant_closed', `“${title}” is sold by ${card.merchant.name}, whose shop is ${card.merchant.status}: shoppers never see it.`);
    if (card && card.stock <= 0) warn('out_of_stock', `“${title}” is out of stock but pinned at #${pin.position}.`);
    if (hidden.has(pin.productId)) warn('hidden_by_rule', `“${title}” is pinned and hidden by the rules at once: it is hidden.`);
    else if (card?.status === 'active' && card.merchant.status === 'active' && pin.position <= shownUpTo && !shown.has(pin.productId))
      warn(
        'filtered_out',
        `“${title}” is not among these results (a filter or the in-stock switch leaves it out), so the pin at #${pin.position} shows nothing.`,
      );
  }
  return warnings;
}
