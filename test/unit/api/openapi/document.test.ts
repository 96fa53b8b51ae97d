import assert from 'node:assert/strict';
import { buildOpenApiDocument } from '../../../../src/api/openapi/document';
import { knownSearchParams } from '../../../../src/search/request/params';

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, any>> };

  it('is OpenAPI 3.1 and describes the admin and health endpoints', () => {
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/healthz',
      '/readyz',
      '/v1/search',
      '/v1/suggest',
      '/v1/admin/products/{id}',
      '/v1/admin/orders',
      '/v1/admin/keys',
    ])
      assert.ok(doc.paths[path], path);
  });

  it('describes the merchandising endpoints, for merchandiser keys', () => {
    for (const path of [
      '/v1/merchandising/rules',
      '/v1/merchandising/rules/{id}/versions',
      '/v1/merchandising/synonyms',
      '/v1/merchandising/weights/global',
      '/v1/merchandising/preview',
      '/v1/merchandising/analytics/low-ctr',
    ]) {
      for (const op of Object.values(doc.paths[path] ?? {})) assert.equal(op['x-agora-role'], 'merchandiser', path);
    }
    assert.ok(doc.paths['/v1/merchandising/rules']!.post.requestBody.content['application/json'].schema.properties.actions);
  });

  it('documents the 429 of rate limits on every keyed operation, and on no other', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (op['x-agora-role']) assert.ok(op.responses['429']?.headers['Retry-After'], `${method} ${path}`);
        else assert.equal(op.responses['429'], undefined, `${method} ${path}`);
      }
    }
  });

  it('derives request bodies from the validating schemas', () => {
    const schema = doc.paths['/v1/admin/products/{id}']!.put.requestBody.content['application/json'].schema;
    assert.ok(schema.required.includes('price'));
    assert.equal(schema.properties.currency.pattern, '^[A-Z]{3}$');
    assert.equal(schema.additionalProperties, false, 'unknown fields are refused, and the document says so');
  });

  it('documents every search parameter the parser accepts', () => {
    const names = doc.paths['/v1/search']!.get.parameters.map((p: { name: string }) => p.name);
    for (const name of [...knownSearchParams, 'attr.{key}']) {
      assert.ok(names.includes(name), name);
    }
  });

  it('documents the product lookup with the body the storefront codes against', () => {
    const op = doc.paths['/v1/products/{id}']!.get;
    assert.equal(op['x-agora-role'], 'public');
    assert.ok(op.responses['404']);
    const product = op.responses['200'].content['application/json'].schema.properties.product;
    const [tile, detail] = product.allOf;
    assert.ok(tile.required.includes('pinned') && tile.properties.highlightedTitle);
    assert.deepEqual(detail.required, ['description', 'attributes', 'categoryPath']);
  });

  it('marks every keyed endpoint with its role', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const op of Object.values(methods)) assert.ok(['public', 'merchandiser', 'admin'].includes(op['x-agora-role']), path);
    }
  });
});
