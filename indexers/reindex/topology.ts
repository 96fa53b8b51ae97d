import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { liveIndexSettings, type IndexTopology } from '../../src/core/product-index';
import { aliasTargets } from './aliases';

/** The cluster cannot give a new index the copies the configuration asks for: the alias stays where it was. */
export class IndexTopologyError extends Error {}

/** Longest single cluster-health wait: well under the indexing client's request timeout. */
const HEALTH_POLL_SECONDS = 10;

/**
 * Refuses at once what can never be assigned: a replica must sit on another node than its
 * primary, so N replicas need N + 1 data nodes. Checked before loading anything, so a
 * single-node cluster configured for replicas fails in a second, not after a full load.
 */
export async function assertClusterCanHold(es: ElasticsearchClient, topology: IndexTopology): Promise<void> {
  const health = await es.cluster.health();
  const needed = topology.replicas + 1;
  if (health.number_of_data_nodes < needed) {
    throw new IndexTopologyError(
      `${topology.replicas} replicas (ELASTICSEARCH_REPLICAS, or agora reindex --replicas) need ${needed} data nodes (each copy of a shard on a node of its own), ` +
        `but the cluster ${health.cluster_name} has ${health.number_of_data_nodes}: add nodes or lower ELASTICSEARCH_REPLICAS; nothing was built`,
    );
  }
}

/**
 * Waits until every copy of `index` (primaries and the configured replicas) is active, so the
 * alias never moves onto an index one node loss would take red. Polls cluster health with
 * `wait_for_active_shards=all` for at most `timeoutSeconds`, then fails naming what is missing.
 */
export async function waitForAllCopies(
  es: ElasticsearchClient,
  index: string,
  topology: IndexTopology,
  timeoutSeconds: number,
  now: () => number = Date.now,
): Promise<void> {
  const expected = topology.shards * (topology.replicas + 1);
  const deadline = now() + timeoutSeconds * 1000;
  for (;;) {
    const remaining = Math.max(1, Math.min(HEALTH_POLL_SECONDS, Math.ceil((deadline - now()) / 1000)));
    const health = await es.cluster.health(
      {
        index,
        wait_for_status: 'yellow',
        wait_for_active_shards: 'all',
        wait_for_no_initializing_shards: true,
        timeout: `${remaining}s`,
      },
      // A health wait that times out answers 408 with the health body: read it, do not throw.
      { ignore: [408] },
    );
    if (!health.timed_out && health.active_shards >= expected) return;
    if (now() >= deadline) {
      throw new IndexTopologyError(
        `new index ${index}: ${health.active_shards} of ${expected} shard copies active after ${timeoutSeconds}s ` +
          `(${topology.shards} shards × ${topology.replicas + 1} copies; ${health.initializing_shards} initializing, ` +
          `${health.unassigned_shards} unassigned, ${health.number_of_data_nodes} data nodes); alias not moved. ` +
          `Add nodes, lower ELASTICSEARCH_REPLICAS or raise ELASTICSEARCH_REPLICA_WAIT_SECONDS`,
      );
    }
  }
}

/**
 * `agora reindex --if-missing` (npm start) keeps a serving index of this code version: it gets the
 * configured replicas and refresh interval in place (both are live settings). Shards are fixed at
 * creation, so a different count is only reported: `agora reindex` builds an index with it.
 */
export async function applyLiveTopology(es: ElasticsearchClient, alias: string, topology: IndexTopology): Promise<string[]> {
  const notes: string[] = [];
  for (const index of await aliasTargets(es, alias)) {
    const current = await es.indices.getSettings({
      index,
      name: ['index.number_of_shards', 'index.number_of_replicas', 'index.refresh_interval'],
      flat_settings: true,
    });
    const settings = (current[index]?.settings ?? {}) as Record<string, string | undefined>;
    const replicas = Number(settings['index.number_of_replicas'] ?? 0);
    const refresh = settings['index.refresh_interval'] ?? '1s';
    if (replicas !== topology.replicas || refresh !== topology.refreshInterval) {
      await es.indices.putSettings({ index, settings: liveIndexSettings(topology) });
      notes.push(`${index}: replicas ${replicas} → ${topology.replicas}, refresh ${refresh} → ${topology.refreshInterval}`);
    }
    const shards = Number(settings['index.number_of_shards'] ?? 1);
    if (shards !== topology.shards)
      notes.push(`${index} has ${shards} shards, ELASTICSEARCH_SHARDS asks for ${topology.shards}: run agora reindex to rebuild with them`);
  }
  return notes;
}
