import type { Knex } from 'knex';
import { z } from 'zod';
import { fieldPath, identifier as id, instant } from '../core/validation';

/** What a storefront sends: one shopper action. */
export const eventInput = z
  .strictObject({
    type: z.enum(['view', 'click', 'add_to_cart', 'purchase', 'search_click']),
    customerId: id.optional(),
    sessionId: id.optional(),
    productId: id.optional(),
    query: z.string().trim().min(1).max(200).optional(),
    occurredAt: instant.optional(),
  })
  .refine((e) => e.customerId !== undefined || e.sessionId !== undefined, {
    message: 'Give customerId or sessionId.',
    path: ['customerId'],
  })
  .refine((e) => e.productId !== undefined, { message: 'Every event type here concerns a product.', path: ['productId'] })
  .refine((e) => e.type !== 'search_click' || e.query !== undefined, { message: 'A search click needs the query.', path: ['query'] });

export type EventInput = z.output<typeof eventInput>;

export const maxEventsPerBatch = 500;
/** Events further in the future than this are clock errors, not data. */
const maxClockSkewMs = 5 * 60_000;

export interface RejectedEvent {
  index: number;
  field: string;
  message: string;
}

/**
 * Validates each item on its own: good items go in, bad ones come back with
 * their field, so one broken event never costs a whole batch.
 */
export function partitionEvents(items: unknown[], now: Date): { accepted: EventInput[]; rejected: RejectedEvent[] } {
  const accepted: EventInput[] = [];
  const rejected: RejectedEvent[] = [];
  items.forEach((item, index) => {
    const parsed = eventInput.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
      rejected.push({
        index,
        field: fieldPath(`events[${index}]`, path),
        message: issue.code === 'unrecognized_keys' ? `Unknown field "${issue.keys[0]}".` : issue.message,
      });
      return;
    }
    if (parsed.data.occurredAt && Date.parse(parsed.data.occurredAt) > now.getTime() + maxClockSkewMs) {
      rejected.push({ index, field: `events[${index}].occurredAt`, message: 'occurredAt is in the future.' });
      return;
    }
    accepted.push(parsed.data);
  });
  return { accepted, rejected };
}

/**
 * One multi-row insert per batch: about a millisecond, and the events are
 * readable by the very next recommendation request ("for you" reads recent
 * events live), which an in-memory buffer could not promise.
 */
export async function storeEvents(db: Knex, events: EventInput[], now: Date): Promise<void> {
  if (events.length === 0) return;
  await db('events').insert(
    events.map((e) => ({
      type: e.type,
      customer_id: e.customerId ?? null,
      session_id: e.sessionId ?? null,
      product_id: e.productId ?? null,
      query: e.query ?? null,
      occurred_at: e.occurredAt ?? now.toISOString(),
    })),
  );
}

/** At login, the anonymous session's history becomes the customer's. Safe to repeat. */
export async function mergeSessionIntoCustomer(db: Knex, sessionId: string, customerId: string): Promise<number> {
  return db('events').where({ session_id: sessionId }).whereNull('customer_id').update({ customer_id: customerId });
}
