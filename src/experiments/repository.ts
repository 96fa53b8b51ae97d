import type { Knex } from 'knex';
import { AppError, notFound } from '../core/errors';
import type { Actor } from '../merchandising/changes';
import type { ExperimentInput, PlanInput, Targeting, VariantInput } from './schemas';

export type ExperimentStatus = 'draft' | 'running' | 'stopped';

export interface Experiment {
  id: string;
  name: string;
  status: ExperimentStatus;
  aa: boolean;
  variants: VariantInput[];
  targeting: Targeting;
  plan: PlanInput;
  startsAt: string | null;
  endsAt: string | null;
  startedAt: string | null;
  stoppedAt: string | null;
  promotedVariant: string | null;
  createdBy: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

interface Row {
  id: string | number;
  name: string;
  status: ExperimentStatus;
  aa: boolean;
  variants: VariantInput[];
  targeting: Targeting;
  plan: PlanInput;
  starts_at: Date | null;
  ends_at: Date | null;
  started_at: Date | null;
  stopped_at: Date | null;
  promoted_variant: string | null;
  created_by: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

function toExperiment(row: Row): Experiment {
  return {
    id: String(row.id),
    name: row.name,
    status: row.status,
    aa: row.aa,
    variants: row.variants,
    targeting: row.targeting,
    plan: row.plan,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    startedAt: iso(row.started_at),
    stoppedAt: iso(row.stopped_at),
    promotedVariant: row.promoted_variant,
    createdBy: row.created_by,
    version: row.version,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

/** Every write bumps experiments_state in the same transaction: API processes reload when it moves. */
async function write<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<{ result: T; stateVersion: string }> {
  return db.transaction(async (trx) => {
    const [state] = await trx('experiments_state').where({ id: 1 }).increment('version', 1).returning('version');
    return { result: await work(trx), stateVersion: String(state.version) };
  });
}

export async function createExperiment(
  db: Knex,
  actor: Actor,
  input: ExperimentInput,
): Promise<{ experiment: Experiment; stateVersion: string }> {
  const { result, stateVersion } = await write(db, async (trx) => {
    const [row] = await trx('experiments')
      .insert({
        name: input.name,
        aa: input.aa,
        variants: JSON.stringify(input.variants),
        targeting: JSON.stringify(input.targeting),
        plan: JSON.stringify(input.plan),
        starts_at: input.startsAt ?? null,
        ends_at: input.endsAt ?? null,
        created_by: actor.name ?? actor.keyId,
      })
      .returning('*');
    return toExperiment(row);
  });
  return { experiment: result, stateVersion };
}

export async function listExperiments(db: Knex): Promise<Experiment[]> {
  return (await db('experiments').orderBy('id', 'desc').limit(500)).map(toExperiment);
}

export async function getExperiment(db: Knex, id: string): Promise<Experiment> {
  const row = await db('experiments').where({ id }).first();
  if (!row) throw notFound(`Experiment ${id}`);
  return toExperiment(row);
}

/** What every API process serves: the running experiments, read whole at one point. */
export async function loadRunningExperiments(db: Knex): Promise<{ version: string; experiments: Experiment[] }> {
  return db.transaction(
    async (trx) => {
      const state = await trx('experiments_state').where({ id: 1 }).first('version');
      const rows = await trx('experiments').where({ status: 'running' }).orderBy('id');
      return { version: String(state?.version ?? 0), experiments: rows.map(toExperiment) };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

export async function experimentsVersion(db: Knex): Promise<string> {
  return String((await db('experiments_state').where({ id: 1 }).first('version'))?.version ?? 0);
}

/** draft → running → stopped; any other move is a 409 naming the current status. */
async function move(
  db: Knex,
  id: string,
  from: ExperimentStatus,
  to: ExperimentStatus,
  columns: Record<string, unknown>,
): Promise<{ experiment: Experiment; stateVersion: string }> {
  const { result, stateVersion } = await write(db, async (trx) => {
    const current = await trx('experiments').where({ id }).forUpdate().first();
    if (!current) throw notFound(`Experiment ${id}`);
    if (current.status !== from)
      throw new AppError('CONFLICT', `Experiment ${id} is ${current.status}; only a ${from} experiment can become ${to}.`, 'status');
    const [row] = await trx('experiments')
      .where({ id })
      .update({ ...columns, status: to, version: current.version + 1, updated_at: trx.fn.now() })
      .returning('*');
    return toExperiment(row);
  });
  return { experiment: result, stateVersion };
}

export function startExperiment(db: Knex, id: string, now: Date) {
  return move(db, id, 'draft', 'running', { started_at: now });
}

export function stopExperiment(db: Knex, id: string, now: Date, promotedVariant: string | null = null) {
  return move(db, id, 'running', 'stopped', { stopped_at: now, promoted_variant: promotedVariant });
}

/** After promoting a stopped experiment's variant. */
export async function markPromoted(db: Knex, id: string, variant: string): Promise<{ experiment: Experiment; stateVersion: string }> {
  const { result, stateVersion } = await write(db, async (trx) => {
    const [row] = await trx('experiments')
      .where({ id })
      .update({ promoted_variant: variant, updated_at: trx.fn.now(), version: trx.raw('version + 1') })
      .returning('*');
    return toExperiment(row);
  });
  return { experiment: result, stateVersion };
}
