import assert from 'node:assert/strict';
import { buildOpenApiDocument } from '../../../../src/api/openapi/document';

describe('OpenAPI: recommendation endpoints', () => {
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, any>> };
  const common = [
    'size',
    'category',
    'brand',
    'merchant',
    'price_min',
    'price_max',
    'in_stock',
    'exclude',
    'exclude_purchased',
    'max_per_brand',
    'max_per_merchant',
  ];

  it('documents each endpoint for public keys with every parameter the parser accepts', () => {
    for (const path of [
      '/v1/products/{id}/recommendations',
      '/v1/customers/{id}/recommendations',
      '/v1/sessions/{id}/recommendations',
      '/v1/recommendations/trending',
    ]) {
      const op = doc.paths[path]?.get;
      assert.ok(op, path);
      assert.equal(op['x-agora-role'], 'public');
      const names = op.parameters.map((p: { name: string }) => p.name);
      for (const name of common) assert.ok(names.includes(name), `${path} ${name}`);
    }
    assert.ok(doc.paths['/v1/products/{id}/recommendations']!.get.parameters.some((p: { name: string }) => p.name === 'type'));
  });

  it('documents the unknown product and unknown shopper answers', () => {
    assert.ok(doc.paths['/v1/products/{id}/recommendations']!.get.responses['404']);
    assert.match(doc.paths['/v1/customers/{id}/recommendations']!.get.summary, /fallback: true/);
  });
});
