import type { Knex } from 'knex';

/**
 * What the training input looked like: if none of these moved, a new model
 * would equal the last one. Orders carry an updated_at that re-ingestion
 * refreshes; cancellations and returns change the voided count; events are
 * append-only, so the last id says it all.
 */
export interface Watermark {
  orders: number;
  voidedOrders: number;
  ordersUpdatedAt: string | null;
  lastEventId: string | null;
}

export async function readWatermark(db: Knex): Promise<Watermark> {
  const { rows } = await db.raw<{
    rows: Array<{ orders: string; voided: string; updated_at: Date | null; last_event_id: string | null }>;
  }>(`
    select (select count(*) from orders) as orders,
           (select count(*) from orders where status in ('cancelled', 'returned')) as voided,
           (select max(updated_at) from orders) as updated_at,
           (select max(id) from events) as last_event_id`);
  const row = rows[0]!;
  return {
    orders: Number(row.orders),
    voidedOrders: Number(row.voided),
    ordersUpdatedAt: row.updated_at?.toISOString() ?? null,
    lastEventId: row.last_event_id,
  };
}

/** Equality of JSON values whatever the key order (jsonb reorders keys). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
