/**
 * What `agora index status` prints and `/readyz` reports about indexing. The
 * indexers compute it (indexers/status/indexing-status.ts); serving only receives a reader,
 * handed in by the composition root, so src/ never imports indexers/.
 */
export interface ReindexRun {
  indexName: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  documents: number | null;
  durationMs: number | null;
  error: string | null;
}

export interface IndexingStatus {
  /** Committed changes not yet in Elasticsearch. */
  outboxDepth: number;
  oldestPendingAgeSeconds: number;
  /** The last reindex that finished successfully. */
  lastReindex: ReindexRun | null;
  /** A reindex in progress (or one that died and is not yet marked failed). */
  runningReindex: ReindexRun | null;
  rejectedDocuments: number;
  /** Indexes behind the products alias; null when Elasticsearch could not be asked. */
  aliasTarget: string[] | null;
  /** The mapping version the serving index was built with, against the code's. */
  indexVersion: { serving: number | null; code: number };
}

/** Reads the current indexing status; throws when Postgres cannot be asked. */
export type IndexingStatusReader = () => Promise<IndexingStatus>;
