import assert from 'node:assert/strict';
import { ConfigError, describeSettings, loadConfig } from '../../../src/core/config';

describe('config', () => {
  it('has defaults that match the local services script', () => {
    const config = loadConfig({});
    assert.equal(config.elasticsearchUrl, 'http://127.0.0.1:9250');
    assert.equal(config.databaseUrl, 'postgres://agora@127.0.0.1:54329/agora');
    assert.equal(config.redisUrl, 'redis://127.0.0.1:63799');
    assert.equal(config.apiPort, 3000);
    assert.equal(config.apiHost, '127.0.0.1');
  });

  it('reads and coerces environment variables, and freezes the result', () => {
    const config = loadConfig({ API_PORT: '8080', INDEX_PREFIX: 'shop-a', LOG_LEVEL: 'warn' });
    assert.equal(config.apiPort, 8080);
    assert.equal(config.indexPrefix, 'shop-a');
    assert.ok(Object.isFrozen(config));
  });

  it('names every invalid variable in one error', () => {
    assert.throws(
      () => loadConfig({ API_PORT: 'eighty', INDEX_PREFIX: 'Bad Prefix', ELASTICSEARCH_URL: 'not a url' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /API_PORT/.test(error.message) &&
        /INDEX_PREFIX/.test(error.message) &&
        /ELASTICSEARCH_URL/.test(error.message),
    );
  });

  it('takes a comma-separated list of Elasticsearch URLs and refuses a list with a non-URL in it', () => {
    assert.equal(loadConfig({ ELASTICSEARCH_URL: 'http://a:9200,http://b:9200' }).elasticsearchUrl, 'http://a:9200,http://b:9200');
    assert.throws(
      () => loadConfig({ ELASTICSEARCH_URL: 'http://a:9200,b' }),
      (error: unknown) => error instanceof ConfigError && /ELASTICSEARCH_URL/.test(error.message),
    );
    assert.throws(() => loadConfig({ ELASTICSEARCH_URL: 'ftp://a' }), ConfigError);
  });

  it('index topology: one shard, no replicas, 500ms refresh by default; each configurable and checked', () => {
    const defaults = loadConfig({});
    assert.deepEqual(
      [defaults.elasticsearchShards, defaults.elasticsearchReplicas, defaults.elasticsearchRefreshInterval],
      [1, 0, '500ms'],
    );
    const set = loadConfig({ ELASTICSEARCH_SHARDS: '3', ELASTICSEARCH_REPLICAS: '1', ELASTICSEARCH_REFRESH_INTERVAL: '30s' });
    assert.deepEqual([set.elasticsearchShards, set.elasticsearchReplicas, set.elasticsearchRefreshInterval], [3, 1, '30s']);
    assert.throws(
      () => loadConfig({ ELASTICSEARCH_SHARDS: '0', ELASTICSEARCH_REPLICAS: '-1', ELASTICSEARCH_REFRESH_INTERVAL: 'soon' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /ELASTICSEARCH_SHARDS/.test(error.message) &&
        /ELASTICSEARCH_REPLICAS/.test(error.message) &&
        /ELASTICSEARCH_REFRESH_INTERVAL/.test(error.message),
    );
  });

  it('lists every setting with its default for the README', () => {
    const names = describeSettings().map((s) => s.name);
    assert.ok(names.includes('DATABASE_URL') && names.includes('REDIS_URL') && names.includes('ELASTICSEARCH_URL'));
  });
});
