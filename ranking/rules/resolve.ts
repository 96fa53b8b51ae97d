import { assertNever } from '../../src/core/assert-never';
import type { Banner, Pin, ProductFilter, RuleAction, RuleActionType, RuleMatch } from './types';

/** A rule that changed this response, and how. */
export interface AppliedRule {
  id: string;
  name: string;
  actions: RuleActionType[];
}

/** An action of a matching rule that did not take effect, and why (shown by the preview). */
export interface SkippedAction {
  ruleId: string;
  action: RuleActionType;
  reason: string;
}

export interface Boost {
  ruleId: string;
  filter: ProductFilter;
  /** Score multiplier: above 1 boosts, below 1 buries. */
  factor: number;
}

/** Everything the matching rules ask of one search, conflicts already resolved. */
export interface MerchandisingPlan {
  applied: AppliedRule[];
  skipped: SkippedAction[];
  rewrite: string | null;
  redirect: string | null;
  /** Sorted by position; at most one product per position and one position per product. */
  pins: Pin[];
  hiddenIds: string[];
  filters: ProductFilter[];
  boosts: Boost[];
  banners: Banner[];
  data: Record<string, unknown>;
}

export interface ResolveOptions {
  /** Pins hold under the page's default order only; a shopper's own sort (price, newest, …) makes them yield. */
  pinsApply: boolean;
}

/**
 * Walks the matches in conflict order (order.ts) and lets each action take
 * effect unless an earlier rule already decided the same thing:
 * - pin and hide: the first rule to claim a product decides it (pinned or
 *   hidden); the first to claim a position keeps it;
 * - rewrite and redirect: the first one wins; a redirect replaces the results,
 *   so only banners and data still apply beside it;
 * - boost, bury and filter: all apply (factors multiply, filters AND);
 * - banners: all, in rule order; data: merged, earlier rules winning per key.
 */
export function resolveRules(matches: readonly RuleMatch[], options: ResolveOptions): MerchandisingPlan {
  const plan: MerchandisingPlan = {
    applied: [],
    skipped: [],
    rewrite: null,
    redirect: null,
    pins: [],
    hiddenIds: [],
    filters: [],
    boosts: [],
    banners: [],
    data: {},
  };
  const state: ResolveState = { plan, options, decided: new Map(), takenPositions: new Set(), data: new Map() };
  const redirecting = matches.some((m) => m.rule.actions.some((a) => a.type === 'redirect'));
  for (const { rule } of matches) {
    const effective = new Set<RuleActionType>();
    for (const action of rule.actions) {
      if (redirecting && !besideRedirect.has(action.type))
        plan.skipped.push({ ruleId: rule.id, action: action.type, reason: 'a redirect replaces the results' });
      else if (applyAction(state, rule.id, action)) effective.add(action.type);
    }
    if (effective.size > 0) plan.applied.push({ id: rule.id, name: rule.name, actions: [...effective] });
  }
  plan.pins.sort((a, b) => a.position - b.position);
  // fromEntries defines own properties, so a key such as "__proto__" stays plain data.
  plan.data = Object.fromEntries(state.data);
  return plan;
}

const besideRedirect: ReadonlySet<RuleActionType> = new Set(['redirect', 'banner', 'data']);

interface ResolveState {
  plan: MerchandisingPlan;
  options: ResolveOptions;
  /** Product id → what an earlier rule decided about it ("pinned by rule 7"). */
  decided: Map<string, string>;
  takenPositions: Set<number>;
  data: Map<string, unknown>;
}

/** Applies one action unless an earlier rule decided the same thing; true when it took effect (at least in part). */
function applyAction(state: ResolveState, ruleId: string, action: RuleAction): boolean {
  const { plan, decided } = state;
  const skip = (reason: string): false => {
    plan.skipped.push({ ruleId, action: action.type, reason });
    return false;
  };
  switch (action.type) {
    case 'pin': {
      if (!state.options.pinsApply) return skip('the shopper chose a sort order; pins hold only in the default order');
      let any = false;
      for (const pin of action.pins) {
        const owner = decided.get(pin.productId);
        if (owner !== undefined) skip(`${pin.productId} already ${owner}`);
        else if (state.takenPositions.has(pin.position)) skip(`position ${pin.position} already taken by a higher rule`);
        else {
          decided.set(pin.productId, `pinned by rule ${ruleId}`);
          state.takenPositions.add(pin.position);
          plan.pins.push(pin);
          any = true;
        }
      }
      return any;
    }
    case 'hide': {
      let any = false;
      for (const id of action.productIds) {
        const owner = decided.get(id);
        if (owner !== undefined) skip(`${id} already ${owner}`);
        else {
          decided.set(id, `hidden by rule ${ruleId}`);
          plan.hiddenIds.push(id);
          any = true;
        }
      }
      return any;
    }
    case 'boost':
    case 'bury':
      plan.boosts.push({ ruleId, filter: action.filter, factor: action.type === 'boost' ? 1 + action.weight : 1 - action.weight });
      return true;
    case 'filter':
      plan.filters.push(action.filter);
      return true;
    case 'rewrite':
      if (plan.rewrite !== null) return skip('a higher rule already rewrote the query');
      plan.rewrite = action.query;
      return true;
    case 'redirect':
      if (plan.redirect !== null) return skip('a higher rule already redirects');
      plan.redirect = action.url;
      return true;
    case 'banner':
      plan.banners.push(action.banner);
      return true;
    case 'data': {
      const fresh = Object.entries(action.data).filter(([key]) => !state.data.has(key));
      if (fresh.length === 0) return skip('every key already set by a higher rule');
      for (const [key, value] of fresh) state.data.set(key, value);
      return true;
    }
    default:
      return assertNever(action);
  }
}
