import type { Knex } from 'knex';
import { AppError, notFound, validationError } from '../core/errors';
import { parseInput } from '../core/validation';
import type { Actor, Entity, Recreation } from './changes';
import { checkRuleReferences } from './references';
import { createRule, updateRule } from './rules-repository';
import { ruleInput, synonymInput, weightsInput } from './schemas';
import { createSuggestionOverride, suggestionInput, updateSuggestionOverride } from './suggestions-repository';
import { createSynonym, updateSynonym } from './synonyms-repository';
import { deleteWeights, putWeights } from './weights-repository';

/**
 * The audit trail read back for people: recent changes with who made them
 * (the name the client gave, else the key's label or prefix), and restoring
 * the version a change produced, written as a new change like any other (so
 * a restore is itself in the history and can be undone).
 */
export interface HistoryEntry {
  id: string;
  entity: Entity;
  entityId: string;
  entityVersion: number;
  op: 'create' | 'update' | 'delete';
  at: Date;
  /** Who: X-Actor's name when given, else the key's label, else its prefix. */
  who: string;
  before: unknown;
  after: unknown;
}

export async function recentChanges(
  db: Knex,
  filter: { entity?: Entity; entityId?: string; limit: number; beforeId?: string },
): Promise<HistoryEntry[]> {
  const query = db('merchandising_changes as c')
    // actor_key_id is text (it may say "unknown"); the key's id is a bigint.
    .leftJoin('api_keys as k', function () {
      this.on(db.raw('k.id::text = c.actor_key_id'));
    })
    .select('c.*', 'k.label as key_label', 'k.prefix as key_prefix')
    .orderBy('c.id', 'desc')
    .limit(filter.limit);
  if (filter.entity) query.where('c.entity', filter.entity);
  if (filter.entityId) query.where('c.entity_id', filter.entityId);
  if (filter.beforeId) query.where('c.id', '<', filter.beforeId);
  const rows = (await query) as Array<{
    id: string | number;
    entity: Entity;
    entity_id: string;
    entity_version: number;
    op: HistoryEntry['op'];
    at: Date;
    actor_key_id: string;
    actor_name: string | null;
    key_label: string | null;
    key_prefix: string | null;
    before: unknown;
    after: unknown;
  }>;
  return rows.map((r) => ({
    id: String(r.id),
    entity: r.entity,
    entityId: r.entity_id,
    entityVersion: r.entity_version,
    op: r.op,
    at: r.at,
    who: r.actor_name ?? r.key_label ?? (r.key_prefix ? `key ${r.key_prefix}…` : `key ${r.actor_key_id}`),
    before: r.before,
    after: r.after,
  }));
}

export interface Restored {
  entity: Entity;
  entityId: string;
  stateVersion: string;
  /** True when the thing had been deleted and came back (under its old id, its version going on from its history's). */
  recreated: boolean;
}

/** Without the version the audit trail keeps beside a rule's definition. */
function withoutVersion(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const { version: _version, ...rest } = value as Record<string, unknown>;
  return rest;
}

/**
 * Puts back the version a change produced; for a deletion, the version it
 * deleted. What is restored is validated as a new write would be (a product
 * pinned then deleted since is a 400 naming it).
 */
export async function restoreChange(db: Knex, actor: Actor, changeId: string): Promise<Restored> {
  const row = await db('merchandising_changes').where({ id: changeId }).first();
  if (!row) throw notFound(`Change ${changeId}`);
  const entity = row.entity as Entity;
  const state = row.op === 'delete' ? row.before : row.after;
  const id: string = row.entity_id;
  if (entity === 'rule') {
    const rule = parseInput(ruleInput, withoutVersion(state), 'version');
    await checkRuleReferences(db, rule);
    const exists = await db('merchandising_rules').where({ id }).first();
    if (exists) return { entity, entityId: id, stateVersion: (await updateRule(db, actor, id, rule)).stateVersion, recreated: false };
    const created = await createRule(db, actor, rule, await recreation(db, entity, id));
    return { entity, entityId: created.rule.id, stateVersion: created.stateVersion, recreated: true };
  }
  if (entity === 'synonym') {
    const synonym = parseInput(synonymInput, state, 'version');
    const exists = await db('merchandising_synonyms').where({ id }).first();
    if (exists) return { entity, entityId: id, stateVersion: (await updateSynonym(db, actor, id, synonym)).stateVersion, recreated: false };
    const created = await createSynonym(db, actor, synonym, await recreation(db, entity, id));
    return { entity, entityId: created.synonym.id, stateVersion: created.stateVersion, recreated: true };
  }
  if (entity === 'weights') {
    // Weights' "version" is the overrides a scope had; none (a reset) restores as a reset.
    if (state === null) {
      const exists = await db('ranking_weights').where({ scope: id }).first();
      if (!exists) throw new AppError('CONFLICT', `The weights for ${id} are already the defaults.`, 'id');
      return { entity, entityId: id, stateVersion: (await deleteWeights(db, actor, id)).stateVersion, recreated: false };
    }
    const weights = parseInput(weightsInput, state, 'version');
    return { entity, entityId: id, stateVersion: (await putWeights(db, actor, id, weights)).stateVersion, recreated: false };
  }
  if (entity === 'suggestion') {
    const control = parseInput(suggestionInput, suggestionState(state), 'version');
    const exists = await db('suggestion_overrides').where({ id }).first('id');
    if (exists)
      return {
        entity,
        entityId: id,
        stateVersion: (await updateSuggestionOverride(db, actor, id, control)).stateVersion,
        recreated: false,
      };
    const created = await createSuggestionOverride(db, actor, control, await recreation(db, entity, id));
    return { entity, entityId: created.override.id, stateVersion: created.stateVersion, recreated: true };
  }
  throw validationError('id', `Changes to ${entity} are not restored here.`);
}

/** A suggestion control as the audit trail keeps it (every field), as its input takes it (a ban's fields or an addition's). */
function suggestionState(state: unknown): unknown {
  if (state === null || typeof state !== 'object') return state;
  const { action, text, match, weight } = state as Record<string, unknown>;
  return action === 'add' ? { action, text, weight } : { action, text, match };
}

/** A deleted thing comes back under its own id, at the version after the last its history names. */
async function recreation(db: Knex, entity: Entity, id: string): Promise<Recreation> {
  const [row] = (await db('merchandising_changes').where({ entity, entity_id: id }).max('entity_version as version')) as Array<{
    version: number | null;
  }>;
  return { id, version: (row?.version ?? 0) + 1 };
}
