import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/core/config';
import {
  PRODUCT_INDEX_VERSION,
  createProductIndexRequest,
  indexTopology,
  isProductsIndex,
  liveIndexSettings,
  productMappings,
  productsAlias,
  productsIndexName,
} from '../../../src/core/product-index';

describe('product index definition', () => {
  it('names the alias and timestamped indexes after the prefix', () => {
    assert.equal(productsAlias('agora'), 'agora-products');
    const name = productsIndexName('agora', new Date('2026-11-24T16:05:12.345Z'));
    assert.equal(name, 'agora-products-20261124160512345');
    assert.ok(isProductsIndex('agora', name));
    assert.ok(!isProductsIndex('agora', 'agora-products'));
    assert.ok(!isProductsIndex('agora', 'agora-products-old'));
    assert.ok(!isProductsIndex('agora-products', name), 'another prefix does not claim it');
  });

  it('creates indexes ready for bulk loading, with long-lived delete tombstones', () => {
    const request = createProductIndexRequest('x', { shards: 1 });
    assert.equal(request.settings?.refresh_interval, '-1');
    assert.equal(request.settings?.number_of_replicas, 0);
    assert.equal(request.settings?.gc_deletes, '1h');
  });

  it('takes shards, replicas and refresh interval from the configuration: shards at creation, the rest once live', () => {
    const topology = indexTopology(
      loadConfig({ ELASTICSEARCH_SHARDS: '3', ELASTICSEARCH_REPLICAS: '2', ELASTICSEARCH_REFRESH_INTERVAL: '5s' }),
    );
    assert.deepEqual(topology, { shards: 3, replicas: 2, refreshInterval: '5s' });
    const request = createProductIndexRequest('x', topology);
    assert.equal(request.settings?.number_of_shards, 3);
    // Replicas come only after the bulk load, so it copies no segment twice.
    assert.equal(request.settings?.number_of_replicas, 0);
    assert.deepEqual(liveIndexSettings(topology), { number_of_replicas: 2, refresh_interval: '5s' });
    assert.deepEqual(liveIndexSettings(indexTopology(loadConfig({}))), { number_of_replicas: 0, refresh_interval: '500ms' });
  });

  it('records the mapping version and refuses unknown fields', () => {
    assert.equal(productMappings._meta?.index_version, PRODUCT_INDEX_VERSION);
    assert.equal(productMappings.dynamic, 'strict');
  });

  it('uses only what Elasticsearch core provides', () => {
    const coreTypes = new Set([
      'keyword',
      'text',
      'long',
      'integer',
      'float',
      'double',
      'boolean',
      'date',
      'flattened',
      'completion',
      'object',
    ]);
    const coreAnalyzers = new Set(['standard', 'whitespace', 'simple', 'keyword', undefined]);
    const visit = (properties: Record<string, any>, path: string) => {
      for (const [name, field] of Object.entries(properties)) {
        const type = field.type ?? 'object';
        assert.ok(coreTypes.has(type), `${path}${name}: ${type}`);
        assert.ok(coreAnalyzers.has(field.analyzer), `${path}${name}: analyzer ${field.analyzer}`);
        if (field.properties) visit(field.properties, `${path}${name}.`);
        if (field.fields) visit(field.fields, `${path}${name}.`);
      }
    };
    visit(productMappings.properties ?? {}, '');
  });
});
