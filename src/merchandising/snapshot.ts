import type { Knex } from 'knex';
import { compileRuleIndex } from '../../ranking/rules/matcher';
import type { Rule } from '../../ranking/rules/types';
import type { SynonymEntry } from '../../ranking/synonyms/dictionary';
import { withShippedEquivalents } from '../../ranking/synonyms/retail-equivalents';
import type { WeightTable } from '../../ranking/weights/category-weights';
import type { MerchandisingSnapshot } from '../search/merchandising';
import { loadRules } from './rules-repository';
import { listSynonyms } from './synonyms-repository';
import { loadWeights } from './weights-repository';

/** Merchandising data as stored, at one version: what a snapshot is compiled from, and what previews edit. */
export interface MerchandisingData {
  version: string;
  rules: Rule[];
  synonyms: SynonymEntry[];
  weights: WeightTable;
}

export interface CompiledSnapshot extends MerchandisingSnapshot {
  data: MerchandisingData;
}

export function compileSnapshot(data: MerchandisingData): CompiledSnapshot {
  return {
    version: data.version,
    rules: compileRuleIndex(data.rules),
    // Merchandisers' synonyms over the shipped retail equivalents (ranking/synonyms/retail-equivalents.txt).
    synonyms: withShippedEquivalents(data.synonyms),
    weights: data.weights,
    data,
  };
}

/**
 * Reads everything at one consistent point: a repeatable-read transaction sees
 * the version and the rows as of the same commit, so the version names exactly
 * what was loaded.
 */
export async function loadMerchandisingData(db: Knex): Promise<MerchandisingData> {
  return db.transaction(
    async (trx) => {
      const state = await trx('merchandising_state').where({ id: 1 }).first('version');
      const [rules, synonyms, weights] = [await loadRules(trx), await listSynonyms(trx), await loadWeights(trx)];
      return {
        version: String(state?.version ?? 0),
        rules,
        synonyms: synonyms.map(({ version: _version, updatedAt: _updatedAt, ...entry }) => entry),
        weights,
      };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}
