import type { Rng } from '../../fixtures/generator/prng';
import type { ProductFilter, Rule, RuleAction, RuleConditions } from '../../ranking/rules/types';

/** What synthetic rules may name: real catalog ids, and the storefront requests the benchmark sends. */
export interface RuleWorld {
  requests: ReadonlyArray<Record<string, string>>;
  /** Title words of the catalog, for queries nobody in the request mix types. */
  words: readonly string[];
  categoryIds: readonly string[];
  brandIds: readonly string[];
  merchantIds: readonly string[];
  productIds: readonly string[];
}

function filter(world: RuleWorld, rng: Rng): ProductFilter {
  switch (rng.int(0, 3)) {
    case 0:
      return { brandIds: [rng.pick(world.brandIds)] };
    case 1:
      return { categoryIds: [rng.pick(world.categoryIds)] };
    case 2:
      return { merchantIds: [rng.pick(world.merchantIds)] };
    default: {
      const min = rng.int(0, 200);
      return { price: { min, max: min + rng.int(20, 500) } };
    }
  }
}

/** A merchandiser's typical mix: mostly boosts and pins, some hides and buries, a few filters and banners. */
function actions(world: RuleWorld, rng: Rng): RuleAction[] {
  const out: RuleAction[] = [];
  for (let n = rng.int(1, 2); n > 0; n--) {
    const roll = rng.next();
    if (roll < 0.3) out.push({ type: 'boost', filter: filter(world, rng), weight: rng.int(1, 20) / 10 });
    else if (roll < 0.45) out.push({ type: 'bury', filter: filter(world, rng), weight: rng.int(1, 9) / 10 });
    else if (roll < 0.65)
      out.push({ type: 'pin', pins: rng.sample(world.productIds, rng.int(1, 3)).map((productId, i) => ({ productId, position: i + 1 })) });
    else if (roll < 0.8) out.push({ type: 'hide', productIds: rng.sample(world.productIds, rng.int(1, 5)) });
    else if (roll < 0.85) out.push({ type: 'filter', filter: { price: { max: rng.int(100, 1000) } } });
    else out.push({ type: 'banner', banner: { title: `Promo ${rng.int(1, 999)}`, placement: 'top' } });
  }
  return out;
}

const kinds = ['is', 'starts_with', 'contains'] as const;

/**
 * Rules aimed at the benchmark's own requests: the rules that fire. Each
 * takes a request of the mix and targets its query (or its category page).
 */
export function firingRules(world: RuleWorld, count: number, rng: Rng, firstId = 1): Rule[] {
  return Array.from({ length: count }, (_, i) => {
    const request = world.requests[rng.int(0, world.requests.length - 1)]!;
    const words = (request.q ?? '').split(' ').filter(Boolean);
    const conditions: RuleConditions = request.q
      ? { query: { match: rng.pick(kinds), values: [words.slice(0, Math.max(1, words.length - rng.int(0, 1))).join(' ')] } }
      : { category: { id: request.category!, includeDescendants: rng.chance(0.5) } };
    return {
      id: String(firstId + i),
      name: `firing ${i}`,
      enabled: true,
      priority: rng.int(0, 3),
      conditions,
      actions: actions(world, rng),
    };
  });
}

/**
 * The long tail a large marketplace accumulates: rules for queries and pages
 * this request mix never hits (two- and three-word phrases of catalog words;
 * category rules for another storefront segment). They still sit in the same
 * index buckets, so lookups and condition checks touch them.
 */
export function dormantRules(world: RuleWorld, count: number, rng: Rng, firstId: number): Rule[] {
  return Array.from({ length: count }, (_, i) => {
    const conditions: RuleConditions = rng.chance(0.85)
      ? { query: { match: rng.pick(kinds), values: [rng.sample(world.words, rng.int(2, 3)).join(' ')] } }
      : { category: { id: rng.pick(world.categoryIds), includeDescendants: rng.chance(0.5) }, contexts: ['segment:b2b'] };
    return {
      id: String(firstId + i),
      name: `dormant ${i}`,
      enabled: rng.chance(0.9),
      priority: rng.int(0, 3),
      conditions,
      actions: actions(world, rng),
    };
  });
}
