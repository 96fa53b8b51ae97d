import { z } from 'zod';
import { queryTerms } from '../../ranking/rules/matcher';
import type { RuleDefinition } from '../../ranking/rules/types';
import type { SynonymDefinition } from '../../ranking/synonyms/dictionary';
import type { WeightOverrides } from '../../ranking/weights/category-weights';
import { contextTag, identifier as id, instant, int4 } from '../core/validation';

/**
 * Input shapes of the merchandising API. Everything a rule may say is checked
 * here, so a 400 names the field (`actions[1].weight`); references to
 * products and categories are checked against Postgres in references.ts.
 */

export const merchandisingLimits = {
  actionsPerRule: 50,
  pinsPerRule: 50,
  /** Pins beyond this position would sit past the first pages shoppers see. */
  maxPinPosition: 100,
  hiddenPerRule: 500,
  queryValues: 50,
  filterValues: 50,
  dataBytes: 10_000,
  /** A preview's storefront parameters: every /v1/search parameter once, plus the attribute filters a search allows, with room. */
  previewParams: 40,
  previewParamValues: 20,
  /** Categories whose weights one preview may draft. */
  previewCategoryWeights: 100,
  /**
   * What one rule may add to a search's Elasticsearch request, counted by `elasticsearchCost`: each boost, bury or filter
   * action is one clause plus one per value it lists (a price band counts one), each hidden or pinned id one. Each term costs
   * about 20 µs: a preview with one rule of 50 boosts on 10 attributes × 20 values (10,050 terms) took 170 ms, 100 rules of
   * 4 such boosts (80,400 terms) 1.6 s; the largest previews now accepted take 60–90 ms.
   */
  elasticsearchCostPerRule: 1_000,
  /** The same count over all of a preview's draft rules: the console sends one. */
  previewElasticsearchCost: 2_000,
  /** Draft rules and synonyms in one preview (the console sends one rule and no synonyms). */
  previewDraftRules: 20,
  previewDraftSynonyms: 50,
  /** Terms over all of a preview's draft synonyms (a multi-way synonym's terms, or a one-way's input and synonyms). */
  previewSynonymTerms: 500,
} as const;

const ids = (max: number) => z.array(id).min(1, 'Give at least one id.').max(max, `At most ${max} ids.`);
/** A value rules compare queries with: it must contain at least one word once analysed. */
const queryText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => queryTerms(v).length > 0, 'Has no words once normalised.');
/** Absolute http(s) URLs, or paths on the storefront ("/sale"). */
const link = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (v) => /^https?:\/\/[^\s\\/?#]+(?:[/?#][^\s\\]*)?$/i.test(v) || /^\/(?![/\\])[^\s\\]*$/.test(v),
    'Give an http(s) URL or a path starting with a single / (no backslashes: browsers read them as /).',
  );

export const productFilterInput = z
  .strictObject({
    productIds: ids(merchandisingLimits.filterValues).optional(),
    brandIds: ids(merchandisingLimits.filterValues).optional(),
    categoryIds: ids(merchandisingLimits.filterValues).optional(),
    merchantIds: ids(merchandisingLimits.filterValues).optional(),
    attributes: z
      .record(
        z.string().regex(/^[a-z0-9_]{1,50}$/, 'Attribute names are lowercase letters, digits and _.'),
        z.array(z.string().trim().min(1).max(100)).min(1).max(20),
      )
      .refine((a) => Object.keys(a).length > 0 && Object.keys(a).length <= 10, 'Give 1 to 10 attributes.')
      .optional(),
    price: z
      .strictObject({ min: z.number().min(0).max(1e9).optional(), max: z.number().min(0).max(1e9).optional() })
      .refine((p) => p.min !== undefined || p.max !== undefined, 'Give min, max or both.')
      .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, {
        message: 'The price band is inverted: min is above max.',
        path: ['max'],
      })
      .optional(),
  })
  .refine(
    (f) => Object.values(f).some((v) => v !== undefined),
    'Say which products: give at least one of productIds, brandIds, categoryIds, merchantIds, attributes, price.',
  );

const pin = z.strictObject({ productId: id, position: z.number().int().min(1).max(merchandisingLimits.maxPinPosition) });

export const actionInput = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('pin'),
    pins: z
      .array(pin)
      .min(1)
      .max(merchandisingLimits.pinsPerRule)
      .refine((pins) => new Set(pins.map((p) => p.position)).size === pins.length, 'Two pins share a position.')
      .refine((pins) => new Set(pins.map((p) => p.productId)).size === pins.length, 'A product is pinned twice.'),
  }),
  z.strictObject({ type: z.literal('hide'), productIds: ids(merchandisingLimits.hiddenPerRule) }),
  z.strictObject({
    type: z.literal('boost'),
    filter: productFilterInput,
    weight: z.number().min(0.01, 'weight is 0.01 to 10 (scores × 1 + weight).').max(10, 'weight is 0.01 to 10 (scores × 1 + weight).'),
  }),
  z.strictObject({
    type: z.literal('bury'),
    filter: productFilterInput,
    weight: z.number().min(0.01, 'weight is 0.01 to 1 (scores × 1 − weight).').max(1, 'weight is 0.01 to 1 (scores × 1 − weight).'),
  }),
  z.strictObject({ type: z.literal('filter'), filter: productFilterInput }),
  z.strictObject({ type: z.literal('rewrite'), query: queryText }),
  z.strictObject({ type: z.literal('redirect'), url: link }),
  z.strictObject({
    type: z.literal('banner'),
    banner: z.strictObject({
      title: z.string().trim().min(1).max(200),
      text: z.string().max(2000).optional(),
      imageUrl: link.optional(),
      linkUrl: link.optional(),
      placement: z.enum(['top', 'inline', 'bottom']).default('top'),
    }),
  }),
  z.strictObject({
    type: z.literal('data'),
    data: z
      .record(z.string().min(1).max(100), z.json())
      .refine((d) => JSON.stringify(d).length <= merchandisingLimits.dataBytes, `At most ${merchandisingLimits.dataBytes} bytes of JSON.`),
  }),
]);

export const conditionsInput = z
  .strictObject({
    query: z
      .strictObject({
        match: z.enum(['is', 'starts_with', 'contains']),
        values: z.array(queryText).min(1).max(merchandisingLimits.queryValues),
      })
      .optional(),
    category: z.strictObject({ id, includeDescendants: z.boolean().default(true) }).optional(),
    contexts: z.array(contextTag).min(1).max(20).optional(),
    /** Only when the search finds nothing (ranking/rules/types.ts). */
    noResults: z.boolean().optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
  })
  .refine((c) => !c.startsAt || !c.endsAt || Date.parse(c.startsAt) < Date.parse(c.endsAt), {
    message: 'The time window is empty or inverted: endsAt must be after startsAt.',
    path: ['endsAt'],
  });

type ActionInput = z.output<typeof actionInput>;

/** What a rule's actions add to the Elasticsearch request: see `merchandisingLimits.elasticsearchCostPerRule`. */
export function elasticsearchCost(actions: readonly ActionInput[]): number {
  let cost = 0;
  for (const action of actions) {
    if (action.type === 'pin') cost += action.pins.length;
    else if (action.type === 'hide') cost += action.productIds.length;
    else if (action.type === 'boost' || action.type === 'bury' || action.type === 'filter') {
      const f = action.filter;
      cost +=
        1 +
        (f.productIds?.length ?? 0) +
        (f.brandIds?.length ?? 0) +
        (f.categoryIds?.length ?? 0) +
        (f.merchantIds?.length ?? 0) +
        (f.price ? 1 : 0);
      for (const values of Object.values(f.attributes ?? {})) cost += values.length;
    }
  }
  return cost;
}

const costMessage = (what: string, max: number, cost: number) =>
  `${what} may send Elasticsearch at most ${max} terms (each boost, bury or filter action 1, plus 1 per value it lists; each hidden or pinned id 1); ${cost} given.`;

/** Refuses a rule whose actions cost more than `merchandisingLimits.elasticsearchCostPerRule`. */
function checkRuleCost(rule: { actions: ActionInput[] }, ctx: z.RefinementCtx) {
  const cost = elasticsearchCost(rule.actions);
  const max = merchandisingLimits.elasticsearchCostPerRule;
  if (cost > max) ctx.addIssue({ code: 'custom', path: ['actions'], message: costMessage('A rule', max, cost) });
}

const ruleFields = z.strictObject({
  name: z.string().trim().min(1, 'Give the rule a name, so you can find it in the list.').max(200, 'Keep the name under 200 characters.'),
  enabled: z.boolean().default(true),
  priority: z.number().int().min(-1000).max(1000).default(0),
  conditions: conditionsInput.default({}),
  actions: z.array(actionInput).min(1, 'A rule needs at least one action.').max(merchandisingLimits.actionsPerRule),
  /** Words the rule is filed under (lower case, letters, digits and - _), to find and change many at once; matching ignores them. */
  tags: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[\p{L}\p{N}_-]{1,40}$/u, 'A tag is one word of letters, digits, - or _ (at most 40).'),
    )
    .max(10, 'At most 10 tags.')
    .refine((tags) => new Set(tags).size === tags.length, 'A tag is given twice.')
    .default([]),
});

export const ruleInput = ruleFields.superRefine(checkRuleCost);

/** An update: the whole rule, plus optionally the version it was read at (a stale one is a 409, not a silent overwrite). */
export const ruleUpdateInput = ruleFields.extend({ version: int4(1).optional() }).superRefine(checkRuleCost);

const synonymTerm = queryText;
const synonymWeight = z
  .number()
  .min(0.1, 'weight is 0.1 to 1 (below the words typed).')
  .max(1, 'weight is 0.1 to 1 (below the words typed).')
  .optional();
export const synonymInput = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('multiway'),
    terms: z.array(synonymTerm).min(2, 'A multi-way synonym needs at least two terms.').max(20),
    weight: synonymWeight,
  }),
  z.strictObject({ type: z.literal('oneway'), input: synonymTerm, synonyms: z.array(synonymTerm).min(1).max(20), weight: synonymWeight }),
]);

const signalWeight = (name: string) => z.number().min(0, `${name} is 0 to 10.`).max(10, `${name} is 0 to 10.`).optional();
export const weightsInput = z.strictObject({
  text: z.number().min(0.1, 'text is 0.1 to 10.').max(10, 'text is 0.1 to 10.').optional(),
  popularity: signalWeight('popularity'),
  recency: signalWeight('recency'),
  rating: signalWeight('rating'),
  stock: signalWeight('stock'),
  merchantRating: signalWeight('merchantRating'),
  personalization: signalWeight('personalization'),
  productType: signalWeight('productType'),
});

const ruleId = z.string().regex(/^\d{1,18}$/, 'Rule ids are numbers.');

/**
 * `record` with at most `max` keys, counted before any key is parsed: a 45,000-key record is refused in microseconds instead
 * of being parsed first. /openapi.json still shows the record (the count check alone would describe nothing).
 */
function atMostKeys<R extends z.ZodType<unknown, Record<string, unknown>>>(max: number, what: string, record: R) {
  const { $schema: _dialect, ...shape } = z.toJSONSchema(record, { io: 'input' });
  return z
    .custom<Record<string, unknown>>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length <= max,
      { message: `Give an object of at most ${max} ${what}.` },
    )
    .meta(shape)
    .pipe(record);
}

export const previewInput = z
  .strictObject({
    q: z.string().trim().min(1).max(200).optional(),
    category: id.optional(),
    context: contextTag.optional(),
    /** Any other /v1/search parameter (sort, size, brand, attr.colour…), as the storefront would send it. */
    params: atMostKeys(
      merchandisingLimits.previewParams,
      'parameters',
      z.record(
        z.string().max(100),
        z.union([z.string().max(1000), z.array(z.string().max(1000)).max(merchandisingLimits.previewParamValues)]),
      ),
    ).optional(),
    /** Rules to try: with the id of a live rule they replace it; without, they are added. */
    draftRules: z
      .array(ruleFields.extend({ id: ruleId.optional() }).superRefine(checkRuleCost))
      .max(merchandisingLimits.previewDraftRules)
      .optional(),
    /** Live rules to leave out, as if deleted. */
    removedRuleIds: z.array(ruleId).max(100).optional(),
    draftWeights: z
      .strictObject({
        global: weightsInput.optional(),
        categories: atMostKeys(merchandisingLimits.previewCategoryWeights, 'categories', z.record(id, weightsInput)).optional(),
      })
      .optional(),
    /** Added to the live synonyms. */
    draftSynonyms: z.array(synonymInput).max(merchandisingLimits.previewDraftSynonyms).optional(),
    /** Judge time windows at this instant instead of now. */
    at: instant.optional(),
  })
  .refine((p) => p.q !== undefined || p.category !== undefined, { message: 'Give q, category or both.', path: ['q'] })
  .superRefine((p, ctx) => {
    // Totals over the drafts, before any Elasticsearch request is built: each draft rule alone may be within its own limit.
    const cost = (p.draftRules ?? []).reduce((sum, rule) => sum + elasticsearchCost(rule.actions), 0);
    const max = merchandisingLimits.previewElasticsearchCost;
    if (cost > max) ctx.addIssue({ code: 'custom', path: ['draftRules'], message: costMessage('The draft rules together', max, cost) });
    const terms = (p.draftSynonyms ?? []).reduce((sum, s) => sum + (s.type === 'multiway' ? s.terms.length : 1 + s.synonyms.length), 0);
    const maxTerms = merchandisingLimits.previewSynonymTerms;
    if (terms > maxTerms)
      ctx.addIssue({
        code: 'custom',
        path: ['draftSynonyms'],
        message: `The draft synonyms together may have at most ${maxTerms} terms; ${terms} given.`,
      });
  });

/** Import and export (./transfer.ts): what is moved, in which format. */
export const transferKind = z.enum(['rules', 'synonyms', 'weights'], { message: 'rules, synonyms or weights.' });
export const transferFormat = z.enum(['json', 'csv'], { message: 'json or csv.' });
/** POST /v1/merchandising/import. */
export const importInput = z.strictObject({
  kind: transferKind,
  format: transferFormat,
  /** The file's text as read by the browser. */
  content: z.string().min(1, 'The file is empty.').max(2_000_000, 'At most 2 MB at once.'),
  /** True: only say what would change. */
  dryRun: z.boolean().default(true),
});

export type RuleInput = z.output<typeof ruleInput>;
export type SynonymInput = z.output<typeof synonymInput>;
export type PreviewInput = z.output<typeof previewInput>;

/** Compiles only when T can be used as U: the API's shapes must stay the pure modules' shapes. */
type Assignable<T extends U, U> = T;
export type RuleShapeCheck = Assignable<RuleInput, RuleDefinition>;
export type SynonymShapeCheck = Assignable<SynonymInput, SynonymDefinition>;
export type WeightsShapeCheck = Assignable<z.output<typeof weightsInput>, WeightOverrides>;
