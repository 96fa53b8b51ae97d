import type { Knex } from 'knex';
import { notFound } from '../core/errors';
import type { WeightOverrides, WeightTable } from '../../ranking/weights/category-weights';
import { recordChange, type Actor } from './changes';

/** `global`, or a category id. */
export type WeightScope = string;
export const globalScope = 'global';

export async function loadWeights(db: Knex): Promise<WeightTable> {
  const rows = (await db('ranking_weights').select('scope', 'weights')) as Array<{ scope: string; weights: WeightOverrides }>;
  const categories = new Map<string, WeightOverrides>();
  let global: WeightOverrides = {};
  for (const row of rows) {
    if (row.scope === globalScope) global = row.weights;
    else categories.set(row.scope, row.weights);
  }
  return { global, categories };
}

/** Replaces a scope's overrides; weights it leaves out come from the scope above (global, or the defaults). */
export async function putWeights(db: Knex, actor: Actor, scope: WeightScope, weights: WeightOverrides): Promise<{ stateVersion: string }> {
  return recordChange(db, actor, async (trx) => {
    const current = await trx('ranking_weights').where({ scope }).forUpdate().first();
    const version = (current?.version ?? 0) + 1;
    await trx('ranking_weights')
      .insert({ scope, weights: JSON.stringify(weights), version, updated_at: trx.fn.now() })
      .onConflict('scope')
      .merge();
    return {
      result: null,
      change: {
        entity: 'weights',
        entityId: scope,
        entityVersion: version,
        op: current ? 'update' : 'create',
        before: current?.weights ?? null,
        after: weights,
      },
    };
  });
}

export async function deleteWeights(db: Knex, actor: Actor, scope: WeightScope): Promise<{ stateVersion: string }> {
  return recordChange(db, actor, async (trx) => {
    const [row] = await trx('ranking_weights').where({ scope }).delete().returning('*');
    if (!row) throw notFound(`Weights for ${scope}`);
    return {
      result: null,
      change: { entity: 'weights', entityId: scope, entityVersion: row.version + 1, op: 'delete', before: row.weights, after: null },
    };
  });
}
