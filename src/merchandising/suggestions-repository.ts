import type { Knex } from 'knex';
import { z } from 'zod';
import { AppError, notFound } from '../core/errors';
import { foldSuggestionText } from '../../ranking/suggestions/fold';
import { suggestionPattern, type SuggestionMatch } from '../../ranking/suggestions/pattern';
import { unsuggestableReason } from '../../ranking/suggestions/suggestable';
import { recordChange, type Actor, type Recreation } from './changes';

/**
 * Merchandisers' say over as-you-type query suggestions: a ban hides a query
 * (exactly, or any suggestion containing a word or phrase) however popular it
 * is; an addition offers a query nobody searched yet. The suggest service
 * reads them on every request, so a change shows at once in every process.
 */

const suggestionText = z
  .string()
  .max(100, 'At most 100 characters.')
  .transform((v) => foldSuggestionText(v))
  .refine((v) => v.length > 0, 'Give some text.');

/** A ban or an addition, as the API takes it. Texts are stored folded (normalised as the search log stores queries, invisible characters dropped, small capitals as letters). */
export const suggestionInput = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('ban'),
    text: suggestionText,
    /** `exact`: this suggestion; `contains`: every suggestion with these words in it. */
    match: z.enum(['exact', 'contains']).default('exact'),
  }),
  z.strictObject({
    action: z.literal('add'),
    text: suggestionText.superRefine((v, ctx) => {
      const reason = unsuggestableReason(v);
      if (reason !== null) ctx.addIssue({ code: 'custom', message: `Not offered as a suggestion (${reason}).` });
    }),
    /** Rank it as if this many distinct shoppers had searched it; omitted or null: above every popular query. */
    weight: z.number().int().min(0).max(1_000_000).nullable().default(null),
  }),
]);

export type SuggestionInput = z.output<typeof suggestionInput>;

export interface SuggestionOverride {
  id: string;
  action: 'ban' | 'add';
  text: string;
  match: SuggestionMatch;
  weight: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

type Row = {
  id: string;
  action: 'ban' | 'add';
  text: string;
  match: SuggestionMatch;
  weight: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const toRecord = (row: Row): SuggestionOverride => ({
  id: String(row.id),
  action: row.action,
  text: row.text,
  match: row.match,
  weight: row.weight,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** What the audit trail keeps of one. */
const definitionOf = (o: { action: string; text: string; match: string; weight: number | null }) => ({
  action: o.action,
  text: o.text,
  match: o.match,
  weight: o.weight,
});

function columns(input: SuggestionInput) {
  const match: SuggestionMatch = input.action === 'ban' ? input.match : 'exact';
  return {
    action: input.action,
    text: input.text,
    match,
    pattern: suggestionPattern(input.text, match),
    weight: input.action === 'add' ? input.weight : null,
  };
}

const duplicate = (input: SuggestionInput) =>
  new AppError('CONFLICT', `There is already ${input.action === 'ban' ? 'a ban' : 'an addition'} of "${input.text}".`, 'text');

export async function listSuggestionOverrides(db: Knex): Promise<{ bans: SuggestionOverride[]; additions: SuggestionOverride[] }> {
  const rows = ((await db('suggestion_overrides').orderBy('id')) as Row[]).map(toRecord);
  return { bans: rows.filter((r) => r.action === 'ban'), additions: rows.filter((r) => r.action === 'add') };
}

/** Creates a ban or an addition; `recreate`: a deleted one restored from its history, under its old id. */
export async function createSuggestionOverride(
  db: Knex,
  actor: Actor,
  input: SuggestionInput,
  recreate?: Recreation,
): Promise<{ override: SuggestionOverride; stateVersion: string }> {
  const { result, stateVersion } = await recordChange(db, actor, async (trx) => {
    const values = columns(input);
    const [row] = (await trx('suggestion_overrides')
      .insert(recreate ? { ...values, id: recreate.id, version: recreate.version } : values)
      .onConflict()
      .ignore()
      .returning('*')) as Row[];
    if (!row) {
      const back = recreate ? await trx('suggestion_overrides').where({ id: recreate.id }).first('id') : undefined;
      throw back ? new AppError('CONFLICT', `Suggestion control ${recreate!.id} is already back.`, 'id') : duplicate(input);
    }
    const created = toRecord(row);
    return {
      result: created,
      change: {
        entity: 'suggestion',
        entityId: created.id,
        entityVersion: created.version,
        op: 'create',
        before: null,
        after: definitionOf(values),
      },
    };
  });
  return { override: result, stateVersion };
}

export async function updateSuggestionOverride(
  db: Knex,
  actor: Actor,
  id: string,
  input: SuggestionInput,
): Promise<{ override: SuggestionOverride; stateVersion: string }> {
  const { result, stateVersion } = await recordChange(db, actor, async (trx) => {
    const current = (await trx('suggestion_overrides').where({ id }).forUpdate().first()) as Row | undefined;
    if (!current) throw notFound(`Suggestion override ${id}`);
    const values = columns(input);
    const clash = await trx('suggestion_overrides')
      .where({ action: values.action, text: values.text, match: values.match })
      .whereNot({ id })
      .first('id');
    if (clash) throw duplicate(input);
    const [row] = (await trx('suggestion_overrides')
      .where({ id })
      .update({ ...values, version: current.version + 1, updated_at: trx.fn.now() })
      .returning('*')) as Row[];
    const updated = toRecord(row!);
    return {
      result: updated,
      change: {
        entity: 'suggestion',
        entityId: id,
        entityVersion: updated.version,
        op: 'update',
        before: definitionOf(current),
        after: definitionOf(values),
      },
    };
  });
  return { override: result, stateVersion };
}

export async function deleteSuggestionOverride(db: Knex, actor: Actor, id: string): Promise<{ stateVersion: string }> {
  return recordChange(db, actor, async (trx) => {
    const [row] = (await trx('suggestion_overrides').where({ id }).delete().returning('*')) as Row[];
    if (!row) throw notFound(`Suggestion override ${id}`);
    return {
      result: null,
      change: { entity: 'suggestion', entityId: id, entityVersion: row.version + 1, op: 'delete', before: definitionOf(row), after: null },
    };
  });
}
