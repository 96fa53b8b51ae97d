import type { Knex } from 'knex';
import { z } from 'zod';
import { fieldPath, identifier as id, instant } from '../core/validation';
import { clientAddressPseudonymSql } from '../core/client-address-pseudonym';

/** What a storefront sends: one shopper action. */
export const eventInput = z
  .strictObject({
    type: z.enum(['view', 'click', 'add_to_cart', 'purchase', 'search_click']),
    customerId: id.optional(),
    sessionId: id.optional(),
    productId: id.optional(),
    query: z.string().trim().min(1).max(200).optional(),
    occurredAt: instant.optional(),
    /** The X-Request-Id of the search this event followed: attributes it to the experiment variant that served that search. */
    requestId: id.optional(),
    /** Where the product stood in the search's result list, 1 for the first (over all pages): click-position analytics. */
    position: z.number().int('A whole number, 1 for the first result.').min(1).max(1_000_000).optional(),
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
export function partitionEvents(
  items: unknown[],
  now: Date,
): { accepted: EventInput[]; rejected: RejectedEvent[]; acceptedIndexes: number[] } {
  const accepted: EventInput[] = [];
  const acceptedIndexes: number[] = [];
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
    acceptedIndexes.push(index);
  });
  return { accepted, rejected, acceptedIndexes };
}

/**
 * partitionEvents, then one query for the batch's products: an event about a
 * product that does not exist (or is deleted) is refused like any other bad
 * item (field `events[i].productId`). Stored, it would only be noise, and
 * anyone could seed signals for ids that a product created later would inherit.
 */
export async function acceptEvents(db: Knex, items: unknown[], now: Date): Promise<{ accepted: EventInput[]; rejected: RejectedEvent[] }> {
  const { accepted, rejected, acceptedIndexes } = partitionEvents(items, now);
  const ids = [...new Set(accepted.map((e) => e.productId!))];
  if (ids.length === 0) return { accepted, rejected };
  const known = new Set(
    (await db('products').whereIn('id', ids).whereNot('status', 'deleted').select<Array<{ id: string }>>('id')).map((row) => row.id),
  );
  const kept: EventInput[] = [];
  accepted.forEach((event, i) => {
    const index = acceptedIndexes[i]!;
    if (known.has(event.productId!)) kept.push(event);
    else rejected.push({ index, field: `events[${index}].productId`, message: 'No such product.' });
  });
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: kept, rejected };
}

/**
 * One multi-row insert per batch (after one read that hashes `address`, the
 * client address key the rate limiter counts, with the database's salt into
 * events.source; the address itself is not stored): about a millisecond, and the events are
 * readable by the very next recommendation request ("for you" reads recent
 * events live), which an in-memory buffer could not promise.
 */
export async function storeEvents(db: Knex, events: EventInput[], now: Date, address: string | null = null): Promise<void> {
  if (events.length === 0) return;
  const source =
    address === null
      ? null
      : ((await db.raw(`select ${clientAddressPseudonymSql} as source`, [address])) as { rows: Array<{ source: string }> }).rows[0]!.source;
  await db('events').insert(
    events.map((e) => ({
      type: e.type,
      customer_id: e.customerId ?? null,
      session_id: e.sessionId ?? null,
      product_id: e.productId ?? null,
      query: e.query ?? null,
      occurred_at: e.occurredAt ?? now.toISOString(),
      source,
      request_id: e.requestId ?? null,
      position: e.position ?? null,
    })),
  );
}

/** At login, the anonymous session's history becomes the customer's. Safe to repeat. */
export async function mergeSessionIntoCustomer(db: Knex, sessionId: string, customerId: string): Promise<number> {
  return db('events').where({ session_id: sessionId }).whereNull('customer_id').update({ customer_id: customerId });
}
