import assert from 'node:assert/strict';
import fs from 'node:fs';
import { facetNames } from '../../../../src/search/facets/registry';
import { storefrontDeclarations, storefrontModule, storefrontModulePath } from '../../../../src/search/facets/storefront';

describe('storefront facet declarations', () => {
  it('are generated from the registry: facet-declarations.js is up to date', () => {
    assert.equal(fs.readFileSync(storefrontModulePath, 'utf8'), storefrontModule(), 'run: npx tsx src/search/facets/storefront.ts');
  });

  it('list every facet once, in sidebar order, the in-stock switch keeping its place between the bands and the lists', () => {
    const declarations = storefrontDeclarations();
    assert.deepEqual(declarations.map((d) => d.name).sort(), [...facetNames].sort());
    // The facets the sidebar has always shown keep their places; a new one goes where its position puts it.
    const established = ['category', 'brand', 'price', 'rating', 'attributes', 'merchant'];
    assert.deepEqual(
      declarations.filter((d) => established.includes(d.name)).map((d) => [d.name, d.kind, d.title, d.position]),
      [
        ['category', 'tree', 'Category', 10],
        ['brand', 'checkboxes', 'Brand', 20],
        ['price', 'bands', 'Price', 30],
        ['rating', 'bands', 'Rating', 40],
        ['attributes', 'checkboxes', 'Attributes', 60],
        ['merchant', 'checkboxes', 'Seller', 70],
      ],
    );
    // facets.js draws the in-stock switch at 50.
    const positions = [...declarations.map((d) => d.position), 50];
    assert.equal(new Set(positions).size, positions.length, `positions ${positions.join(', ')}`);
  });
});
