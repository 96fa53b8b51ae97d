import type { Knex } from 'knex';
import { AppError, validationError } from '../core/errors';
import { explainMatch, type MatchExplanation } from '../../ranking/rules/explain';
import type { AppliedRule, SkippedAction } from '../../ranking/rules/resolve';
import type { Rule } from '../../ranking/rules/types';
import { parseSearchRequest } from '../search/request/params';
import { scoreComponents, type ScoreComponents } from '../search/score-components';
import type { ExplainedSearch, SearchService } from '../search/search-service';
import type { SearchResult } from '../search/shape-response';
import { checkCategoryIds, checkRuleReferences } from './references';
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
}

export interface PreviewResult {
  live: PreviewSide<PreviewHit>;
  draft: PreviewSide<DraftHit>;
  /** Live hits the draft no longer shows on this page. */
  removed: Array<{ id: string; title: string; livePosition: number }>;
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
    hits: result.hits.map((tile, i) => {
      const hit = run.hits.get(tile.id);
      const components =
        !tile.pinned && hit && hit.score !== null
          ? scoreComponents(hit.source, hit.score, prepared.weights.weights, prepared.plan.boosts, now, prepared.query?.productType ?? null)
          : null;
      return { position: offset + i + 1, id: tile.id, title: tile.title, pinned: tile.pinned, score: tile.score, components };
    }),
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
  const draft = compileSnapshot(applyDrafts(live.data, input));
  const at = input.at === undefined ? deps.clock() : Date.parse(input.at);
  const [liveRun, draftRun] = await Promise.all([deps.search.explain(request, live, { at }), deps.search.explain(request, draft, { at })]);
  // Score components use the real time: Elasticsearch's recency decay runs on its own clock, not a simulated one.
  const liveSide = side(liveRun, Date.now());
  const draftSide = side(draftRun, Date.now());
  const livePositions = new Map(liveSide.hits.map((h) => [h.id, h.position]));
  const draftIds = new Set(draftSide.hits.map((h) => h.id));
  return {
    live: liveSide,
    draft: {
      ...draftSide,
      hits: draftSide.hits.map((hit) => {
        const livePosition = livePositions.get(hit.id) ?? null;
        return { ...hit, livePosition, change: livePosition === null ? null : livePosition - hit.position };
      }),
    },
    removed: liveSide.hits.filter((h) => !draftIds.has(h.id)).map((h) => ({ id: h.id, title: h.title, livePosition: h.position })),
  };
}
