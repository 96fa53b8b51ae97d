import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { loadProductPage } from '../../indexers/documents/rows';
import { toProductDocument } from '../../indexers/documents/to-document';
import { startMachineCpu } from '../support/machine-cpu';
import { createProductIndexRequest, indexTopology } from '../../src/core/product-index';
import { loadConfig } from '../../src/core/config';

/**
 * The baseline: the same documents Agora would write, prepared in advance as
 * NDJSON _bulk bodies (metadata lines without an index, which the request's
 * path names, as Agora sends them), so that sending them measures
 * Elasticsearch alone.
 */
export async function prepareBulkBodies(db: Knex, batchSize: number): Promise<{ bodies: string[]; documents: number }> {
  const bodies: string[] = [];
  let documents = 0;
  for (let after: string | null = null; ;) {
    const rows = await loadProductPage(db, after, batchSize);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const lines: string[] = [];
    for (const row of rows) {
      lines.push(
        JSON.stringify({ index: { _id: row.id, version: Number(row.version), version_type: 'external' } }),
        JSON.stringify(toProductDocument(row)),
      );
    }
    bodies.push(`${lines.join('\n')}\n`);
    documents += rows.length;
  }
  return { bodies, documents };
}

/** Sends the bodies with `concurrency` requests in flight into a fresh index with the reindex's bulk-load settings. */
export async function sendRawBulk(
  es: ElasticsearchClient,
  index: string,
  bodies: ReadonlyArray<string | Buffer>,
  concurrency: number,
): Promise<{ ms: number; errors: number; machineCpuMs: number | null }> {
  await es.indices.create(createProductIndexRequest(index, indexTopology(loadConfig())), { requestTimeout: 60_000 });
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const machineCpu = startMachineCpu();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const response = await es.transport.request<{ errors: boolean; items: Array<Record<string, { status: number }>> }>(
          { method: 'POST', path: `/${index}/_bulk`, bulkBody: body, querystring: { filter_path: 'errors,items.*.status' } },
          { requestTimeout: 120_000 },
        );
        if (response.errors) errors += response.items.filter((i) => (Object.values(i)[0]?.status ?? 500) >= 300).length;
      }
    }),
  );
  const ms = performance.now() - started;
  return { ms, errors, machineCpuMs: machineCpu() };
}

/**
 * Waits until Elasticsearch has no merges or writes under way, so that one
 * run's background work (merging the index a reindex just built) is not
 * charged to the next run. Gives up after `timeoutMs` and says so.
 */
export async function waitForQuietElasticsearch(es: ElasticsearchClient, timeoutMs = 60_000): Promise<void> {
  const started = performance.now();
  let quietPolls = 0;
  while (quietPolls < 2) {
    const stats = await es.nodes.stats({ metric: ['indices', 'thread_pool'], index_metric: ['merge'] });
    const busy = Object.values(stats.nodes).some(
      (node) => (node.indices?.merges?.current ?? 0) > 0 || (node.thread_pool?.write?.active ?? 0) > 0,
    );
    quietPolls = busy ? 0 : quietPolls + 1;
    if (performance.now() - started > timeoutMs) {
      process.stderr.write(`Elasticsearch still busy after ${timeoutMs / 1000} s; going on\n`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
