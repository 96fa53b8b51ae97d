import type { Knex } from 'knex';
import type { RetryBackoff } from './claim';

/**
 * The relay's pause after Elasticsearch could not be reached (or refused
 * writes as a whole): until it ends, no relay of this process claims rows, and
 * this process's listener wakes none. Without it, each wake-up during an
 * outage would claim the next batch, fail it and back it off, working through
 * the whole backlog 500 rows at a time; with it, one batch per backoff probes
 * the cluster (the failed batch: when the pause ends its backoff has ended
 * too, and it holds the lowest ids).
 *
 * Per process and per database handle (the worker's relay jobs and its
 * listener share one Knex): several workers each probe once per backoff.
 * The pending rows, not this, are the durable record: a restarted worker
 * starts unpaused and finds the failed batch still backing off.
 */
export interface RelayPause {
  /** Epoch milliseconds. */
  until: number;
  error: string;
}

interface PauseState {
  pause?: RelayPause;
  /** Failures in a row to reach Elasticsearch at all; the pause after one doubles with each. */
  failures: number;
}

const states = new WeakMap<Knex, PauseState>();

function stateOf(db: Knex): PauseState {
  let state = states.get(db);
  if (state === undefined) {
    state = { failures: 0 };
    states.set(db, state);
  }
  return state;
}

/** The pause in force for this database handle, if any. */
export function relayPause(db: Knex, now = Date.now()): RelayPause | undefined {
  const pause = states.get(db)?.pause;
  return pause !== undefined && pause.until > now ? pause : undefined;
}

/**
 * Pauses claiming for at least `atLeastMs` (the backoff of the rows a failed
 * pass handed back), and for the backoff of this failure in a row (1 s
 * doubling to 60 s by default) when that is longer. Returns the pause.
 */
export function pauseRelay(db: Knex, error: string, backoff: RetryBackoff, atLeastMs = 0): RelayPause {
  const state = stateOf(db);
  state.failures += 1;
  const ownMs = Math.min((backoff.baseMs ?? 1000) * 2 ** Math.min(state.failures - 1, 16), backoff.maxMs ?? 60_000);
  state.pause = { until: Date.now() + Math.max(ownMs, atLeastMs), error };
  return state.pause;
}

/** Elasticsearch answered: the next failure pauses for the base backoff again. */
export function relayReachedElasticsearch(db: Knex): void {
  const state = states.get(db);
  if (state !== undefined) state.failures = 0;
}
