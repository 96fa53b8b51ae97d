import Router from '@koa/router';
import type { Knex } from 'knex';
import { z } from 'zod';
import { acceptEvents, maxEventsPerBatch, mergeSessionIntoCustomer, storeEvents } from '../../events/events';
import { clientAddressKey } from '../rate-limits/client-address';
import { identifier, parseInput } from '../../core/validation';
import type { AppState } from '../context/state';
import { customerData, type CustomerReference } from '../middleware/auth';

const batch = z.strictObject({
  events: z
    .array(z.unknown())
    .min(1, 'Send at least one event.')
    .max(maxEventsPerBatch, `At most ${maxEventsPerBatch} events per request.`),
});
const merge = z.strictObject({
  sessionId: identifier,
  customerId: identifier,
});

/** The customers a batch of events names: each event's `customerId`, read before validation. */
function customersOfEvents(body: unknown): CustomerReference[] {
  const events = (body as { events?: unknown } | undefined)?.events;
  if (!Array.isArray(events)) return [];
  return events.map((event: unknown, index) => ({
    customerId: (event as { customerId?: unknown } | null)?.customerId,
    field: `events[${index}].customerId`,
  }));
}

/**
 * Shopper events from the storefront. Anonymous ones (a session only) take
 * the public key; events naming a customer, and merging a session into a
 * customer, take a key bound to that customer: otherwise anyone holding the
 * public key could write (or attach a session's history to) anyone's history.
 */
export function eventRoutes(db: Knex, now: () => Date = () => new Date()): Router<AppState> {
  const router = new Router<AppState>();
  const eventCustomers = customerData((ctx) => customersOfEvents(ctx.request.body));
  router.post('/v1/events', eventCustomers, async (ctx) => {
    const { events } = parseInput(batch, ctx.request.body);
    const at = now();
    const { accepted, rejected } = await acceptEvents(db, events, at);
    // The sender's address as the rate limiter counts it (stored hashed): signals cap what one address contributes.
    await storeEvents(db, accepted, at, clientAddressKey(ctx.ip));
    // 202 all stored; 207 some stored, some rejected; 400 nothing stored (with the usual error, plus the per-item list).
    ctx.status = rejected.length === 0 ? 202 : accepted.length === 0 ? 400 : 207;
    ctx.body = {
      accepted: accepted.length,
      rejected,
      ...(accepted.length === 0
        ? { error: { code: 'VALIDATION_FAILED', message: rejected[0]!.message, field: rejected[0]!.field, requestId: ctx.state.requestId } }
        : {}),
    };
  });
  const mergeCustomer = customerData((ctx) => [
    { customerId: (ctx.request.body as { customerId?: unknown } | undefined)?.customerId, field: 'customerId' },
  ]);
  router.post('/v1/sessions/merge', mergeCustomer, async (ctx) => {
    const { sessionId, customerId } = parseInput(merge, ctx.request.body);
    ctx.body = { merged: await mergeSessionIntoCustomer(db, sessionId, customerId) };
  });
  return router;
}
