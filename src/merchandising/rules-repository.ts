import type { Knex } from 'knex';
import { AppError, notFound } from '../core/errors';
import type { Rule, RuleDefinition } from '../../ranking/rules/types';
import { recordChange, type Actor, type Recreation } from './changes';

/** A rule as the API returns it. */
export interface RuleRecord extends Rule {
  /** Words the rule is filed under; matching ignores them. */
  tags: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

type Row = {
  id: string;
  name: string;
  enabled: boolean;
  priority: number;
  conditions: Rule['conditions'];
  actions: Rule['actions'];
  tags: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
};

function toRecord(row: Row): RuleRecord {
  return {
    id: String(row.id),
    name: row.name,
    enabled: row.enabled,
    priority: row.priority,
    conditions: row.conditions,
    actions: row.actions,
    tags: row.tags ?? [],
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A rule as stored: what matching reads, and the tags it is filed under. */
export type StoredRuleDefinition = RuleDefinition & { tags?: string[] };

const columns = (rule: StoredRuleDefinition) => ({
  name: rule.name,
  tags: rule.tags ?? [],
  enabled: rule.enabled,
  priority: rule.priority,
  conditions: JSON.stringify(rule.conditions),
  actions: JSON.stringify(rule.actions),
});

/** What the audit trail stores as before/after: the definition and its version, not timestamps the change row has anyway. */
const audited = (r: RuleRecord) => ({
  name: r.name,
  enabled: r.enabled,
  priority: r.priority,
  conditions: r.conditions,
  actions: r.actions,
  tags: r.tags,
  version: r.version,
});

export async function listRules(db: Knex, page: { limit: number; offset: number }): Promise<{ rules: RuleRecord[]; total: number }> {
  const [rows, [count]] = await Promise.all([
    db('merchandising_rules').orderBy('id').limit(page.limit).offset(page.offset),
    db('merchandising_rules').count<{ count: string }[]>('* as count'),
  ]);
  return { rules: (rows as Row[]).map(toRecord), total: Number(count!.count) };
}

export async function getRule(db: Knex, id: string): Promise<RuleRecord> {
  const row = await db('merchandising_rules').where({ id }).first();
  if (!row) throw notFound(`Rule ${id}`);
  return toRecord(row);
}

/** Creates a rule; `recreate`: a deleted one restored from its history, under its old id. */
export async function createRule(
  db: Knex,
  actor: Actor,
  rule: StoredRuleDefinition,
  recreate?: Recreation,
): Promise<{ rule: RuleRecord; stateVersion: string }> {
  const { result, stateVersion } = await recordChange(db, actor, async (trx) => {
    const values = recreate ? { ...columns(rule), id: recreate.id, version: recreate.version } : columns(rule);
    const [row] = await trx('merchandising_rules').insert(values).onConflict('id').ignore().returning('*');
    if (!row) throw new AppError('CONFLICT', `Rule ${recreate!.id} is already back.`, 'id');
    const created = toRecord(row);
    return {
      result: created,
      change: { entity: 'rule', entityId: created.id, entityVersion: created.version, op: 'create', before: null, after: audited(created) },
    };
  });
  return { rule: result, stateVersion };
}

export async function updateRule(
  db: Knex,
  actor: Actor,
  id: string,
  rule: StoredRuleDefinition,
  expectedVersion?: number,
): Promise<{ rule: RuleRecord; stateVersion: string }> {
  const { result, stateVersion } = await recordChange(db, actor, async (trx) => {
    const current = await trx('merchandising_rules').where({ id }).forUpdate().first();
    if (!current) throw notFound(`Rule ${id}`);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new AppError(
        'CONFLICT',
        `Rule ${id} is at version ${current.version}, not ${expectedVersion}: someone changed it; reload and try again.`,
        'version',
      );
    }
    const [row] = await trx('merchandising_rules')
      .where({ id })
      .update({ ...columns(rule), version: current.version + 1, updated_at: trx.fn.now() })
      .returning('*');
    const updated = toRecord(row);
    return {
      result: updated,
      change: {
        entity: 'rule',
        entityId: id,
        entityVersion: updated.version,
        op: 'update',
        before: audited(toRecord(current)),
        after: audited(updated),
      },
    };
  });
  return { rule: result, stateVersion };
}

export async function deleteRule(db: Knex, actor: Actor, id: string): Promise<{ stateVersion: string }> {
  const { stateVersion } = await recordChange(db, actor, async (trx) => {
    const [row] = await trx('merchandising_rules').where({ id }).delete().returning('*');
    if (!row) throw notFound(`Rule ${id}`);
    const deleted = toRecord(row);
    return {
      result: null,
      change: { entity: 'rule', entityId: id, entityVersion: deleted.version + 1, op: 'delete', before: audited(deleted), after: null },
    };
  });
  return { stateVersion };
}

/** Every rule, for compiling a snapshot (disabled ones too: the matcher leaves them out, the preview may enable a draft of one). */
export async function loadRules(db: Knex): Promise<Rule[]> {
  const rows = (await db('merchandising_rules')
    .orderBy('id')
    .select('id', 'name', 'enabled', 'priority', 'conditions', 'actions')) as Row[];
  return rows.map((r) => ({
    id: String(r.id),
    name: r.name,
    enabled: r.enabled,
    priority: r.priority,
    conditions: r.conditions,
    actions: r.actions,
  }));
}
