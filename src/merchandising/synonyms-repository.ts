import type { Knex } from 'knex';
import { AppError, notFound } from '../core/errors';
import type { SynonymDefinition, SynonymEntry } from '../../ranking/synonyms/dictionary';
import { recordChange, type Actor, type Recreation } from './changes';

export type SynonymRecord = SynonymEntry & { version: number; updatedAt: Date };

type Row = { id: string; definition: SynonymDefinition; version: number; updated_at: Date };
const toRecord = (row: Row): SynonymRecord => ({ ...row.definition, id: String(row.id), version: row.version, updatedAt: row.updated_at });

export async function listSynonyms(db: Knex): Promise<SynonymRecord[]> {
  return ((await db('merchandising_synonyms').orderBy('id')) as Row[]).map(toRecord);
}

/** Creates a synonym; `recreate`: a deleted one restored from its history, under its old id. */
export async function createSynonym(
  db: Knex,
  actor: Actor,
  definition: SynonymDefinition,
  recreate?: Recreation,
): Promise<{ synonym: SynonymRecord; stateVersion: string }> {
  const { result, stateVersion } = await recordChange(db, actor, async (trx) => {
    const values = { definition: JSON.stringify(definition) };
    const [row] = await trx('merchandising_synonyms')
      .insert(recreate ? { ...values, id: recreate.id, version: recreate.version } : values)
      .onConflict('id')
      .ignore()
      .returning('*');
    if (!row) throw new AppError('CONFLICT', `Synonym ${recreate!.id} is already back.`, 'id');
    const created = toRecord(row);
    return {
      result: created,
      change: { entity: 'synonym', entityId: created.id, entityVersion: created.version, op: 'create', before: null, after: definition },
    };
  });
  return { synonym: result, stateVersion };
}

export async function updateSynonym(
  db: Knex,
  actor: Actor,
  id: string,
  definition: SynonymDefinition,
): Promise<{ synonym: SynonymRecord; stateVersion: string }> {
  const { result, stateVersion } = await recordChange(db, actor, async (trx) => {
    const current = (await trx('merchandising_synonyms').where({ id }).forUpdate().first()) as Row | undefined;
    if (!current) throw notFound(`Synonym ${id}`);
    const [row] = await trx('merchandising_synonyms')
      .where({ id })
      .update({ definition: JSON.stringify(definition), version: current.version + 1, updated_at: trx.fn.now() })
      .returning('*');
    const updated = toRecord(row);
    return {
      result: updated,
      change: {
        entity: 'synonym',
        entityId: id,
        entityVersion: updated.version,
        op: 'update',
        before: current.definition,
        after: definition,
      },
    };
  });
  return { synonym: result, stateVersion };
}

export async function deleteSynonym(db: Knex, actor: Actor, id: string): Promise<{ stateVersion: string }> {
  return recordChange(db, actor, async (trx) => {
    const [row] = (await trx('merchandising_synonyms').where({ id }).delete().returning('*')) as Row[];
    if (!row) throw notFound(`Synonym ${id}`);
    return {
      result: null,
      change: { entity: 'synonym', entityId: id, entityVersion: row.version + 1, op: 'delete', before: row.definition, after: null },
    };
  });
}
