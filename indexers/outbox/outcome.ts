import { assertNever } from '../../src/core/assert-never';

/**
 * What one relay pass did (claim a batch, write it, settle it). `claimed`
 * counts outbox rows; the other counts are products, after a batch's rows
 * for one product were folded into one write.
 */
export type RelayPassOutcome =
  /** Nothing claimable: the outbox is empty, or every pending row is leased to another pass or waiting out a backoff. */
  | { kind: 'idle' }
  /**
   * Written and marked processed. `superseded`: the index held that version
   * or a newer one already. `rejected`: refused by Elasticsearch (or not
   * buildable), recorded in search_rejected_documents and not retried; the
   * product's next change tries again.
   */
  | { kind: 'delivered'; claimed: number; indexed: number; deleted: number; superseded: number; rejected: number }
  /** There is no products alias yet: marked processed unwritten, as the first reindex reads everything after them. */
  | { kind: 'acknowledged'; claimed: number }
  /**
   * Elasticsearch (or Postgres) failed: the rows were handed back with a
   * backoff for a later pass. `claimed` is 0 when the pass failed before it
   * claimed any (Elasticsearch could not say whether the products alias exists).
   */
  | { kind: 'retry'; claimed: number; error: string };

/** Why relayOutbox returned. */
export type RelayStop =
  /** A pass found less than a full batch: nothing claimable is left. */
  | { reason: 'drained' }
  /** maxBatches full batches ran; more is probably pending and the caller should relay again. */
  | { reason: 'budget' }
  /** A pass failed; its rows wait out their backoff, and the fallback poll wakes a relay for them. */
  | { reason: 'failed'; error: string }
  /**
   * No pass ran: Elasticsearch could not be reached a moment ago, and this
   * process claims nothing until `resumeInMs` from now (see pause.ts). `error`: that failure.
   */
  | { reason: 'paused'; error: string; resumeInMs: number };

/** The passes of one relayOutbox call, summed. */
export interface RelaySummary {
  stopped: RelayStop;
  passes: number;
  claimed: number;
  /** Documents indexed plus deleted. */
  written: number;
  superseded: number;
  rejected: number;
  /** Rows handed back for a later attempt. */
  retried: number;
  /** stopped.reason === 'budget'. */
  more: boolean;
  /** Some rows were acknowledged without writing: there was no products alias yet. */
  skippedNoIndex: boolean;
}

export function emptySummary(): RelaySummary {
  return {
    stopped: { reason: 'drained' },
    passes: 0,
    claimed: 0,
    written: 0,
    superseded: 0,
    rejected: 0,
    retried: 0,
    more: false,
    skippedNoIndex: false,
  };
}

/** Adds one pass to the summary (pure: returns a new summary). */
export function addPass(summary: RelaySummary, outcome: RelayPassOutcome): RelaySummary {
  const passes = summary.passes + 1;
  switch (outcome.kind) {
    case 'idle':
      return { ...summary, passes };
    case 'delivered':
      return {
        ...summary,
        passes,
        claimed: summary.claimed + outcome.claimed,
        written: summary.written + outcome.indexed + outcome.deleted,
        superseded: summary.superseded + outcome.superseded,
        rejected: summary.rejected + outcome.rejected,
      };
    case 'acknowledged':
      return { ...summary, passes, claimed: summary.claimed + outcome.claimed, skippedNoIndex: true };
    case 'retry':
      return {
        ...summary,
        passes,
        claimed: summary.claimed + outcome.claimed,
        retried: summary.retried + outcome.claimed,
        stopped: { reason: 'failed', error: outcome.error },
      };
    default:
      return assertNever(outcome);
  }
}

/** Whether another pass should follow this one: its claim was full (rows may be left) and it went through. */
export function shouldContinue(outcome: RelayPassOutcome, full: boolean): boolean {
  return (outcome.kind === 'delivered' || outcome.kind === 'acknowledged') && full;
}
