import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { createElasticsearch } from '../src/clients';
import type { Config } from '../src/config';

/** Timeout for indexing clients: a busy cluster may take tens of seconds over a large _bulk or a refresh. */
export const INDEXING_TIMEOUT_MS = 120_000;

/**
 * The Elasticsearch client for writers (worker, CLI, benchmarks). The API's
 * client times out after a few seconds so that searches fail fast with a
 * 503; the transport applies that timeout to every request of the client
 * (undici cannot lengthen it per request), so writers need a client of their
 * own rather than a per-request override.
 */
export function createIndexingElasticsearch(config: Pick<Config, 'elasticsearchUrl' | 'elasticsearchTimeoutMs'>): ElasticsearchClient {
  return createElasticsearch({ ...config, elasticsearchTimeoutMs: Math.max(config.elasticsearchTimeoutMs, INDEXING_TIMEOUT_MS) });
}
