import assert from 'node:assert/strict';
import { createElasticsearch } from '../../../src/core/clients';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';

/** Port 9 (discard) has nothing listening on this machine: connections are refused at once, as to a killed node. */
const DEAD_NODE = 'http://127.0.0.1:9';

describe('several Elasticsearch URLs: the client fails over to a live node', () => {
  let env: TestEnvironment;
  let index: string;

  before(async () => {
    env = await createTestEnvironment();
    index = `${env.config.indexPrefix}-nodes`;
    await env.es.index({ index, id: '1', document: { name: 'lamp' }, refresh: true });
  });
  after(() => env.cleanup());

  it('with a dead node first in ELASTICSEARCH_URL, every search still answers', async () => {
    const es = createElasticsearch({ elasticsearchUrl: `${DEAD_NODE},${env.config.elasticsearchUrl}`, elasticsearchTimeoutMs: 3000 });
    try {
      const failures: unknown[] = [];
      for (let i = 0; i < 20; i++) {
        try {
          const response = await es.search({ index, query: { match: { name: 'lamp' } } });
          assert.equal(response.hits.hits.length, 1);
        } catch (error) {
          failures.push(error);
        }
      }
      assert.deepEqual(failures, []);
    } finally {
      await es.close();
    }
  });

  it('the dead node alone fails (the test above is not passing on the dead node)', async () => {
    const es = createElasticsearch({ elasticsearchUrl: DEAD_NODE, elasticsearchTimeoutMs: 1000 });
    try {
      await assert.rejects(es.search({ index }));
    } finally {
      await es.close();
    }
  });
});
