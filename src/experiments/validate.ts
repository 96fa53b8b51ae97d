import type { Knex } from 'knex';
import { AppError, validationError } from '../core/errors';
import { applyDrafts } from '../merchandising/preview';
import { checkCategoryIds, checkRuleReferences } from '../merchandising/references';
import type { MerchandisingData } from '../merchandising/snapshot';
import type { ExperimentInput } from './schemas';

/** What the schema cannot see: catalog ids the drafts name, and live rules they replace or remove, each named by its field. */
export async function checkVariants(db: Knex, live: MerchandisingData, input: ExperimentInput): Promise<void> {
  for (const [i, variant] of input.variants.entries()) {
    const at = `variants[${i}]`;
    for (const [j, rule] of (variant.draftRules ?? []).entries()) await checkRuleReferences(db, rule, `${at}.draftRules[${j}]`);
    await checkCategoryIds(db, Object.keys(variant.draftWeights?.categories ?? {}), (id) => `${at}.draftWeights.categories.${id}`);
    (variant.removedRuleIds ?? []).forEach((id, j) => {
      if (!live.rules.some((r) => r.id === id)) throw validationError(`${at}.removedRuleIds[${j}]`, `Unknown rule "${id}".`);
    });
    try {
      applyDrafts(live, variant);
    } catch (error) {
      if (error instanceof AppError && error.field) throw validationError(`${at}.${error.field}`, error.message);
      throw error;
    }
  }
}
