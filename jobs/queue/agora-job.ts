/**
 * Every background job Agora runs, as one union keyed by `type`. Payloads
 * carry ids and small parameters, never big objects, and every handler is
 * safe to run twice (Bull delivers at least once).
 */
export type AgoraJob =
  /** Drain the search outbox into Elasticsearch; enqueued by the outbox listener (NOTIFY, and its poll). */
  | { type: 'outbox.relay' }
  /** Delete delivered outbox rows past retention. */
  | { type: 'outbox.cleanup' }
  /** Build a fresh products index from Postgres and swap the alias onto it. */
  /** rebuildDocuments: build every document instead of reusing current stored ones. */
  | { type: 'index.reindex'; rebuildDocuments?: boolean }
  /** Recompute popularity and trend from orders and events; changed products are re-indexed. */
  | { type: 'index.signals' }
  /** Compare Postgres with Elasticsearch by id and version; with `repair`, fix the drift. */
  | { type: 'index.reconcile'; repair: boolean }
  /** Log the indexing status (outbox depth and age, last reindex, rejected documents). */
  | { type: 'index.status' }
  /** Train the recommendation model from orders and events; skipped when nothing changed unless `force`. */
  | { type: 'recs.train'; force?: boolean }
  /** Fold new search-log rows into the popular queries that suggestions offer. */
  | { type: 'search.popular-queries' };
