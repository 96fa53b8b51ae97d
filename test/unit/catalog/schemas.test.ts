import assert from 'node:assert/strict';
import { productInput } from '../../../src/catalog/schemas';

describe('catalog schemas: URLs the storefront puts in pages', () => {
  const product = (imageUrl: unknown) => ({ merchantId: 'm1', categoryId: 'shoes', titleEn: 'Shoe', price: 1, imageUrl });

  it('accepts absolute http(s) image URLs, and none', () => {
    for (const url of ['https://cdn.example.com/p.png', 'http://img.example/a/b.jpg?w=200#x', 'HTTPS://CDN.EXAMPLE/p.png', null, undefined])
      assert.equal(productInput.safeParse(product(url)).success, true, String(url));
  });

  it('refuses script, data, relative, protocol-relative and backslashed image URLs, naming imageUrl', () => {
    for (const url of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'vbscript:msgbox(1)',
      '//evil.example/p.png',
      '/img/1.svg',
      'img/1.svg',
      'https://',
      'https:///evil.example',
      'https:\\\\evil.example',
      'https://\\evil.example',
      'https://cdn.example/a b.png',
    ]) {
      const result = productInput.safeParse(product(url));
      assert.equal(result.success, false, url);
      assert.deepEqual(result.error?.issues[0]?.path, ['imageUrl'], url);
    }
  });
});
