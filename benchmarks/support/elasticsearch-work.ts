import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';

/** Elasticsearch's own counters over a stretch of time: where its time went while a benchmark phase ran. */
export interface ElasticsearchWork {
  /** Refreshes of the index (scheduled and forced) and their average duration. */
  refreshes: number;
  refreshAvgMs: number;
  /** Documents indexed into the index and the write threads' time per document. */
  indexed: number;
  indexMsPerDoc: number;
  /** Time spent merging the index's segments, seconds. */
  mergeSeconds: number;
  /** Writes that waited because merges fell behind (Elasticsearch's indexing throttle), seconds. */
  throttledSeconds: number;
  /** The JVM's young and old collections on every node, milliseconds. */
  gcYoungMs: number;
  gcOldMs: number;
}

interface Counters {
  refreshes: number;
  refreshMs: number;
  indexed: number;
  indexMs: number;
  mergeMs: number;
  throttledMs: number;
  gcYoungMs: number;
  gcOldMs: number;
}

async function counters(es: ElasticsearchClient, index: string): Promise<Counters> {
  const [stats, nodes] = await Promise.all([
    es.indices.stats({ index, metric: ['refresh', 'indexing', 'merge'] }),
    es.nodes.stats({ metric: ['jvm'] }),
  ]);
  const total = stats._all.primaries;
  let gcYoungMs = 0;
  let gcOldMs = 0;
  for (const node of Object.values(nodes.nodes)) {
    gcYoungMs += node.jvm?.gc?.collectors?.young?.collection_time_in_millis ?? 0;
    gcOldMs += node.jvm?.gc?.collectors?.old?.collection_time_in_millis ?? 0;
  }
  return {
    refreshes: total?.refresh?.total ?? 0,
    refreshMs: total?.refresh?.total_time_in_millis ?? 0,
    indexed: total?.indexing?.index_total ?? 0,
    indexMs: total?.indexing?.index_time_in_millis ?? 0,
    mergeMs: total?.merges?.total_time_in_millis ?? 0,
    throttledMs: total?.indexing?.throttle_time_in_millis ?? 0,
    gcYoungMs,
    gcOldMs,
  };
}

/** Starts counting; `stop()` returns what Elasticsearch did for the index in between. */
export async function countElasticsearchWork(es: ElasticsearchClient, index: string): Promise<{ stop(): Promise<ElasticsearchWork> }> {
  const before = await counters(es, index);
  return {
    async stop() {
      const after = await counters(es, index);
      const refreshes = after.refreshes - before.refreshes;
      const indexed = after.indexed - before.indexed;
      return {
        refreshes,
        refreshAvgMs: refreshes > 0 ? (after.refreshMs - before.refreshMs) / refreshes : 0,
        indexed,
        indexMsPerDoc: indexed > 0 ? (after.indexMs - before.indexMs) / indexed : 0,
        mergeSeconds: (after.mergeMs - before.mergeMs) / 1000,
        throttledSeconds: (after.throttledMs - before.throttledMs) / 1000,
        gcYoungMs: after.gcYoungMs - before.gcYoungMs,
        gcOldMs: after.gcOldMs - before.gcOldMs,
      };
    },
  };
}
