/**
 * Every background job Agora runs, as one union keyed by `type`. Payloads
 * carry ids and small parameters, never big objects, and every handler is
 * safe to run twice (Bull delivers at least once).
 */
export type AgoraJob =
  /** Drain the search outbox into Elasticsearch. */
  | { type: 'outbox.relay' }
  /** Build a fresh products index from Postgres and swap the alias onto it. */
  | { type: 'index.reindex' };

export type AgoraJobType = AgoraJob['type'];

export function assertNever(value: never): never {
  throw new Error(`unexpected job: ${JSON.stringify(value)}`);
}
