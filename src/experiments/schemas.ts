import { z } from 'zod';
import { queryTerms } from '../../ranking/rules/matcher';
import { splitProblem } from '../../ranking/experiments/assignment';
import { sampleSizePerVariant } from '../../ranking/experiments/statistics';
import { identifier, instant } from '../core/validation';
import { previewInput } from '../merchandising/schemas';

/**
 * Input shapes of the experiments API. A variant is a draft over the live
 * merchandising, in the preview's own terms (draftRules, removedRuleIds,
 * draftWeights, draftSynonyms): what the preview shows for a draft is what
 * the variant serves.
 */
const draft = previewInput.shape;

export const maxVariants = 10;

export const variantInput = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Variant names are 1–40 letters, digits, _ or -.'),
  /** Percent of the targeted shoppers. */
  share: z.number().gt(0, 'A share must be above 0 %.').max(100),
  draftRules: draft.draftRules,
  removedRuleIds: draft.removedRuleIds,
  draftWeights: draft.draftWeights,
  draftSynonyms: draft.draftSynonyms,
});
export type VariantInput = z.output<typeof variantInput>;

const contextTag = z.string().regex(/^[a-z0-9_:-]{1,64}$/, 'Context tags are lowercase letters, digits and _ : -.');
const queryText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => queryTerms(v).length > 0, 'Has no words once normalised.');

/** Which searches take part; an empty list does not restrict. A search must pass every list given. */
export const targetingInput = z.strictObject({
  /** Queries, compared after normalisation (the words the rules match on). */
  queries: z.array(queryText).max(100).optional(),
  /** Category pages (and their subcategories) filtered to one of these. */
  categories: z.array(identifier).max(100).optional(),
  /** Storefront context tags (the search's `context` parameter). */
  contexts: z.array(contextTag).max(20).optional(),
});
export type Targeting = z.output<typeof targetingInput>;

export const planInput = z.strictObject({
  primaryMetric: z.enum(['purchase_conversion', 'add_to_cart_conversion']).default('purchase_conversion'),
  /** The control's expected conversion rate, e.g. 0.03. */
  baselineRate: z.number().gt(0).lt(1),
  /** The smallest relative change worth detecting: 0.1 = ±10 %. */
  minimumDetectableEffect: z.number().min(0.001, 'The smallest effect worth finding is at least 0.001 (0.1 %).').max(10),
  alpha: z.number().min(0.0001, 'alpha is at least 0.0001.').max(0.2).default(0.05),
  power: z.number().min(0.5).max(0.99).default(0.8),
});
export type PlanInput = z.output<typeof planInput>;

export const experimentInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    variants: z.array(variantInput).min(2, 'An experiment needs at least two variants.').max(maxVariants),
    /** Every variant serves the live configuration: checks the machinery (its false-positive rate) before a real test. */
    aa: z.boolean().default(false),
    targeting: targetingInput.default({}),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    plan: planInput,
  })
  .superRefine((e, ctx) => {
    // Zod runs this even when fields already failed (a share of 0, a rate of 0): check only what is usable.
    if (!Array.isArray(e.variants) || typeof e.plan !== 'object' || e.plan === null) return;
    const names = new Set<string>();
    e.variants.forEach((v, i) => {
      if (typeof v !== 'object' || v === null) return;
      if (names.has(v.name))
        ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `Variant "${v.name}" is named twice.` });
      names.add(v.name);
      const drafted =
        (v.draftRules?.length ?? 0) + (v.removedRuleIds?.length ?? 0) + (v.draftSynonyms?.length ?? 0) + (v.draftWeights ? 1 : 0);
      if (e.aa && drafted > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i],
          message: 'An A/A experiment serves the live configuration in every variant: leave the drafts out.',
        });
      if (i === 0 && drafted > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['variants', 0],
          message: 'The first variant is the control and serves the live configuration: leave its drafts out.',
        });
    });
    const problem = splitProblem(e.variants.map((v) => (typeof v === 'object' && v !== null ? v.share : 0)));
    if (problem) ctx.addIssue({ code: 'custom', path: ['variants'], message: problem });
    if (e.startsAt && e.endsAt && Date.parse(e.endsAt) <= Date.parse(e.startsAt))
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt.' });
    const { baselineRate, minimumDetectableEffect, alpha, power } = e.plan;
    const planUsable =
      baselineRate > 0 && baselineRate < 1 && minimumDetectableEffect > 0 && alpha > 0 && alpha < 1 && power > 0 && power < 1;
    if (!planUsable) return;
    if (baselineRate * (1 + minimumDetectableEffect) >= 1)
      ctx.addIssue({
        code: 'custom',
        path: ['plan', 'minimumDetectableEffect'],
        message: 'The baseline rate raised by this effect would reach 100 %: choose a smaller effect.',
      });
    else if (!(plannedSampleSize({ ...e.plan, comparisons: Math.max(1, e.variants.length - 1) }) <= 100_000_000))
      ctx.addIssue({
        code: 'custom',
        path: ['plan', 'minimumDetectableEffect'],
        message: 'This effect needs over 100 million shoppers per variant.',
      });
  });
export type ExperimentInput = z.output<typeof experimentInput>;

/** The plan's sample size per variant, or Infinity where the arithmetic gives up (rates too close to tell apart). */
function plannedSampleSize(plan: Parameters<typeof sampleSizePerVariant>[0]): number {
  try {
    return sampleSizePerVariant(plan);
  } catch (error) {
    if (error instanceof RangeError) return Number.POSITIVE_INFINITY;
    throw error;
  }
}

export const promoteInput = z.strictObject({
  /** The variant to publish; by default the verdict's winner. */
  variant: z.string().max(40).optional(),
  /** Publish even though the verdict names no winner (e.g. a variant preferred for other reasons). */
  force: z.boolean().default(false),
});
