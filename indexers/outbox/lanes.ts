import type { Knex } from 'knex';

/**
 * The outbox's two lanes (migration 20261205_051): catalog edits (priority 0)
 * are claimed before background work (priority 1), so a signals or training
 * run that touches most of the catalog never delays a merchant's edit.
 */
export const outboxPriority = { catalog: 0, background: 1 } as const;

/**
 * Puts every outbox row this transaction writes (through the products
 * trigger, however the product is touched) in the background lane. Scoped to
 * the transaction (`set_config(…, true)`), so a pooled connection never
 * carries it into another writer's work.
 */
export async function useBackgroundLane(trx: Knex.Transaction): Promise<void> {
  await trx.raw("select set_config('agora.outbox_lane', 'background', true)");
}
