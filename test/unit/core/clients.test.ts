import assert from 'node:assert/strict';
import { elasticsearchClientOptions } from '../../../src/core/clients';
import { ConfigError, loadConfig } from '../../../src/core/config';

const noFile = (path: string): Buffer => {
  throw new Error(`unexpected read of ${path}`);
};

describe('Elasticsearch client options from the configuration', () => {
  it('one URL: one node, no auth, no TLS settings, no sniffing', () => {
    const options = elasticsearchClientOptions(loadConfig({}), noFile);
    assert.deepEqual(options.nodes, ['http://127.0.0.1:9250']);
    assert.equal(options.auth, undefined);
    assert.equal(options.tls, undefined);
    assert.equal(options.sniffOnStart, undefined);
  });

  it('a comma-separated ELASTICSEARCH_URL becomes every node, in order', () => {
    const config = loadConfig({ ELASTICSEARCH_URL: 'http://10.0.0.1:9200, http://10.0.0.2:9200,,https://es-3:9200' });
    assert.deepEqual(elasticsearchClientOptions(config, noFile).nodes, [
      'http://10.0.0.1:9200',
      'http://10.0.0.2:9200',
      'https://es-3:9200',
    ]);
  });

  it('ELASTICSEARCH_SNIFF turns sniffing on at start, on faults and periodically', () => {
    const options = elasticsearchClientOptions(loadConfig({ ELASTICSEARCH_SNIFF: 'true' }), noFile);
    assert.equal(options.sniffOnStart, true);
    assert.equal(options.sniffOnConnectionFault, true);
    assert.ok(typeof options.sniffInterval === 'number' && options.sniffInterval > 0);
  });

  it('an API key wins over a user and password', () => {
    const config = loadConfig({ ELASTICSEARCH_API_KEY: 'aWQ6a2V5', ELASTICSEARCH_USERNAME: 'agora', ELASTICSEARCH_PASSWORD: 'secret' });
    assert.deepEqual(elasticsearchClientOptions(config, noFile).auth, { apiKey: 'aWQ6a2V5' });
  });

  it('a user and password become basic authentication', () => {
    const config = loadConfig({ ELASTICSEARCH_USERNAME: 'agora', ELASTICSEARCH_PASSWORD: 'secret' });
    assert.deepEqual(elasticsearchClientOptions(config, noFile).auth, { username: 'agora', password: 'secret' });
  });

  it('a user without a password (or the reverse) is a configuration error naming both', () => {
    for (const env of [{ ELASTICSEARCH_USERNAME: 'agora' }, { ELASTICSEARCH_PASSWORD: 'secret' }]) {
      assert.throws(
        () => elasticsearchClientOptions(loadConfig(env), noFile),
        (error: unknown) =>
          error instanceof ConfigError && /ELASTICSEARCH_USERNAME/.test(error.message) && /ELASTICSEARCH_PASSWORD/.test(error.message),
      );
    }
  });

  it('ELASTICSEARCH_CA_CERT is read once and handed to TLS as the CA', () => {
    const pem = Buffer.from('-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n');
    const read: string[] = [];
    const options = elasticsearchClientOptions(loadConfig({ ELASTICSEARCH_CA_CERT: '/etc/es/http_ca.crt' }), (path) => {
      read.push(path);
      return pem;
    });
    assert.deepEqual(read, ['/etc/es/http_ca.crt']);
    assert.equal(options.tls?.ca, pem);
  });

  it('an unreadable CA file is a configuration error naming the variable and the path', () => {
    assert.throws(
      () => elasticsearchClientOptions(loadConfig({ ELASTICSEARCH_CA_CERT: '/nowhere/ca.crt' })),
      (error: unknown) =>
        error instanceof ConfigError && /ELASTICSEARCH_CA_CERT/.test(error.message) && /\/nowhere\/ca\.crt/.test(error.message),
    );
  });
});
