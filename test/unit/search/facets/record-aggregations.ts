/**
 * Records recorded-aggregations.json, the Elasticsearch answers the registry
 * and shaping tests read: the fixture catalogue (fixtures/search/catalog.json)
 * is loaded into an isolated slice of the services (test/support/environment),
 * and each search below is sent as buildSearchBody builds it, size 0. Run it by
 * hand after adding a facet or changing one's aggregations, and commit the file:
 *
 *   eval "$(bash scripts/services.sh up)" && export ELASTICSEARCH_URL DATABASE_URL REDIS_URL
 *   npx tsx test/unit/search/facets/record-aggregations.ts
 *
 * Browsing and filtering ask for every facet of the registry, so a new facet is
 * recorded with them; the registry test fails for a facet they have no answer for.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { productsAlias } from '../../../../src/core/product-index';
import { createCatalogDirectory } from '../../../../src/search/catalog/catalog-directory';
import { buildSearchBody } from '../../../../src/search/body/build-body';
import { facetNames } from '../../../../src/search/facets/registry';
import { parseSearchRequest } from '../../../../src/search/request/params';
import { defaultRankingWeights } from '../../../../ranking/weights/ranking-settings';
import { createTestEnvironment } from '../../../support/environment';
import { loadSearchCatalog } from '../../../support/search-catalog';

const allFacets = facetNames.join(',');

/** The searches recorded, by name (test/unit/search/facets/recorded.ts: RecordedName). */
const searches: Record<string, Record<string, string>> = {
  browse: { facets: allFacets, facet_size: '3' },
  'running-shoes': { category: 'running-shoes', brand: 'nimbus', 'attr.colour': 'red', rating_min: '4', facets: allFacets },
  electronics: { category: 'electronics', facets: 'category,price' },
};

const outputPath = path.join(__dirname, 'recorded-aggregations.json');

async function record(): Promise<void> {
  const env = await createTestEnvironment();
  try {
    await loadSearchCatalog(env.db, env.es, env.config.indexPrefix);
    const categories = createCatalogDirectory(env.db);
    const responses: Record<string, unknown> = {};
    for (const [name, query] of Object.entries(searches)) {
      const request = parseSearchRequest(query);
      // As the search service chooses them: the attribute keys of the one category viewed.
      const attributeKeys =
        request.filters.categoryIds.length === 1 ? await categories.facetAttributes(request.filters.categoryIds[0]!) : [];
      const body = buildSearchBody(request, null, {
        index: productsAlias(env.config.indexPrefix),
        weights: defaultRankingWeights,
        attributeKeys,
        requirement: 'all',
        suggest: false,
      });
      const response = await env.es.search({ ...body, size: 0, from: undefined });
      responses[name] = { query, attributeKeys, aggregations: response.aggregations };
    }
    const recorded = {
      recorded:
        "Elasticsearch 9.2 answers to buildSearchBody's facet aggregations over fixtures/search/catalog.json (size 0): the query string and attribute keys each was built from, and response.aggregations as answered. Written by test/unit/search/facets/record-aggregations.ts.",
      responses,
    };
    // The slice's index (test-<run>-products-<time>) is written as the default alias, so recordings differ only where answers do.
    const index = new RegExp(`"${env.config.indexPrefix}-products-\\d+"`, 'g');
    const text = JSON.stringify(recorded, null, 2).replace(index, '"agora-products"');
    writeFileSync(outputPath, `${text}\n`);
    process.stdout.write(`${path.relative(process.cwd(), outputPath)} written\n`);
  } finally {
    await env.cleanup();
  }
}

record().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
