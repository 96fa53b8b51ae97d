import type { Knex } from 'knex';
import type { ApiKeyPrincipal } from '../auth/api-keys';

/** Who made a change: the API key, and the person behind it when the client says (X-Actor header). */
export interface Actor {
  keyId: string;
  name: string | null;
}

export function actorOf(principal: ApiKeyPrincipal | undefined, name: string | undefined): Actor {
  return { keyId: principal?.id ?? 'unknown', name: name?.trim().slice(0, 200) || null };
}

export type Entity = 'rule' | 'synonym' | 'weights' | 'suggestion';

export interface Change {
  entity: Entity;
  entityId: string;
  entityVersion: number;
  op: 'create' | 'update' | 'delete';
  before: unknown;
  after: unknown;
}

/**
 * A deleted rule, synonym or suggestion control brought back from its history: it keeps its old id (links, exports and the
 * history keep naming it) and its version goes on from the last one the history gave it.
 */
export interface Recreation {
  id: string;
  version: number;
}

export interface ChangeEntry extends Change {
  id: string;
  stateVersion: string;
  actor: Actor;
  at: Date;
}

/**
 * Every merchandising write goes through here: one transaction that bumps
 * the shared version (taking its row lock, so writes serialise and the
 * version follows commit order), does the write, and records who changed
 * what with the whole before and after. A write that throws leaves nothing.
 */
export async function recordChange<T>(
  db: Knex,
  actor: Actor,
  work: (trx: Knex.Transaction) => Promise<{ result: T; change: Change }>,
): Promise<{ result: T; stateVersion: string }> {
  return db.transaction(async (trx) => {
    const [state] = await trx('merchandising_state').where({ id: 1 }).increment('version', 1).returning('version');
    const stateVersion = String(state.version);
    const { result, change } = await work(trx);
    await trx('merchandising_changes').insert({
      state_version: stateVersion,
      entity: change.entity,
      entity_id: change.entityId,
      entity_version: change.entityVersion,
      op: change.op,
      actor_key_id: actor.keyId,
      actor_name: actor.name,
      before: change.before === null ? null : JSON.stringify(change.before),
      after: change.after === null ? null : JSON.stringify(change.after),
    });
    return { result, stateVersion };
  });
}

export async function changesOf(db: Knex, entity: Entity, entityId: string): Promise<ChangeEntry[]> {
  const rows = await db('merchandising_changes').where({ entity, entity_id: entityId }).orderBy('id', 'desc');
  return rows.map((r) => ({
    id: String(r.id),
    stateVersion: String(r.state_version),
    entity: r.entity,
    entityId: r.entity_id,
    entityVersion: r.entity_version,
    op: r.op,
    actor: { keyId: r.actor_key_id, name: r.actor_name },
    at: r.at,
    before: r.before,
    after: r.after,
  }));
}
