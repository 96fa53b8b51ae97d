/**
 * The search outbox: how a committed change reaches Elasticsearch (see
 * README.md beside this file). Callers use this surface; the lease protocol
 * in claim.ts is the relay's own business.
 */
export { relayOutbox, type RelayDeps, type RelayOptions } from './relay';
export type { RelayPassOutcome, RelayStop, RelaySummary } from './outcome';
export { listenForOutbox, WAKE_WINDOW_MS, type OutboxListener, type OutboxListenerDeps, type OutboxListenerOptions } from './listener';
export { outboxBacklog, type OutboxBacklog } from './backlog';
export { cleanupOutbox, type CleanupOptions } from './cleanup';
export { outboxPriority, useBackgroundLane } from './lanes';
