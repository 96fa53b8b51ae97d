import type { MerchandisingSnapshot } from './merchandising';
import type { SearchRequest } from './request/params';

/** The experiment and variant that served a search: in the answer, the search log and the cache key. */
export interface ExperimentTag {
  id: string;
  variant: string;
}

export interface ExperimentAssignment {
  experiment: ExperimentTag;
  /** The variant's merchandising: the live snapshot with the variant's drafts applied. */
  snapshot: MerchandisingSnapshot;
}

/**
 * Decides whether a search takes part in a running experiment (src/experiments/store.ts
 * keeps them in memory). With none running it answers null without any I/O:
 * searches outside experiments pay nothing.
 */
export interface ExperimentSource {
  assign(request: SearchRequest, categoryPaths: string[][], now: number): Promise<ExperimentAssignment | null>;
}
