import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '../../../../src/api/openapi/document';
import { facetAggregations } from '../../../../src/search/body/aggs';
import { filterClauses } from '../../../../src/search/body/filters';
import type { FacetAggregates } from '../../../../src/search/facets/definition';
import { facetNames, facetParameters, facets, isFacetParameter, type FacetName } from '../../../../src/search/facets/registry';
import { storefrontDeclarations, storefrontParameters } from '../../../../src/search/facets/storefront';
import { knownSearchParams, parameterOverlaps, parseSearchRequest } from '../../../../src/search/request/params';
import { recordedAnswer, type RecordedName } from './recorded';

/**
 * What makes one facet lives in one registry entry; these checks hold every
 * entry's pieces to each other: parameters ↔ parsing ↔ /openapi.json,
 * filters ↔ disjunctive counts, aggregations ↔ shaping ↔ what Elasticsearch
 * answers, and the storefront's declaration.
 */

const attributeKey = 'colour';
const concrete = (parameter: string) => parameter.replace('{key}', attributeKey);

/** The facet's parameters set to their documented examples. */
function exampleQuery(name: FacetName): Record<string, string> {
  return Object.fromEntries(facets[name].parameters.map((p) => [concrete(p.name), p.example]));
}

function declares(name: FacetName, parameter: string): boolean {
  return facets[name].parameters.some((p) =>
    p.name.endsWith('{key}') ? parameter.startsWith(p.name.slice(0, -'{key}'.length)) : p.name === parameter,
  );
}

const contexts = [
  { size: 10, attributeKeys: [] },
  { size: 10, attributeKeys: [attributeKey, 'size'] },
];

describe('facet registry', () => {
  it('keeps the order responses have always listed the facets in (a new facet may come anywhere)', () => {
    const established = ['category', 'brand', 'merchant', 'price', 'rating', 'attributes'];
    assert.deepEqual(
      facetNames.filter((name) => established.includes(name)),
      established,
    );
  });

  it("names facet parameters apart from each other's and from the other search parameters", () => {
    const others = [...knownSearchParams].filter((name) => !isFacetParameter(name));
    assert.deepEqual(
      parameterOverlaps(
        facetParameters.map((p) => p.name),
        others,
      ),
      [],
    );
    // What params.ts refuses at load.
    assert.deepEqual(parameterOverlaps(['brand', 'in_stock'], others), ['in_stock is named twice']);
    assert.deepEqual(parameterOverlaps(['brand', 'brand'], []), ['brand is named twice']);
    assert.deepEqual(parameterOverlaps(['attr.{key}', 'attr.size'], []), ['attr.size starts like attr.{key}']);
    assert.deepEqual(parameterOverlaps(['attr.{key}', 'attr.x.{key}'], []), ['attr.{key} and attr.x.{key} overlap']);
  });

  it('lists each parameter of an operation once in /openapi.json', () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const names = (operation.parameters ?? []).map((p) => `${p.in} ${p.name}`);
        assert.deepEqual(
          names.filter((n, i) => names.indexOf(n) !== i),
          [],
          `${method} ${route}`,
        );
      }
    }
  });

  it("names its aggregations apart from every other facet's: Elasticsearch answers them by name", () => {
    for (const context of contexts) {
      const owners = new Map<string, FacetName>();
      for (const name of facetNames) {
        for (const selection of [parseSearchRequest({}).filters, parseSearchRequest(exampleQuery(name)).filters]) {
          const names = facets[name].aggregations(selection, context).map((a) => a.name);
          assert.equal(new Set(names).size, names.length, `${name} names two aggregations alike`);
          for (const aggregation of names) {
            assert.ok(
              (owners.get(aggregation) ?? name) === name,
              `${owners.get(aggregation)} and ${name} both name an aggregation ${aggregation}`,
            );
            owners.set(aggregation, name);
          }
        }
      }
    }
    // The body builder refuses a second aggregation of a name rather than let it replace the first.
    const filters = parseSearchRequest({}).filters;
    assert.throws(
      () => facetAggregations(filters, filterClauses(filters), { facets: ['brand', 'brand'], size: 10, attributeKeys: [] }),
      /Two facet aggregations are named brand/,
    );
  });

  for (const name of facetNames) {
    describe(`${name}`, () => {
      const filters = () => parseSearchRequest(exampleQuery(name)).filters;

      it('parses its documented examples into a selection, reading no parameter it does not declare', () => {
        const read = new Set<string>();
        const query = new Proxy<Record<string, string>>(exampleQuery(name), {
          get(target, key) {
            if (typeof key === 'string') read.add(key);
            return Reflect.get(target, key);
          },
        });
        const selection = facets[name].parse(query);
        assert.notDeepEqual(selection, facets[name].parse({}), 'the examples select something');
        for (const parameter of read) assert.ok(declares(name, parameter), `${name} reads ${parameter} without declaring it`);
        for (const p of facets[name].parameters) assert.ok(isFacetParameter(concrete(p.name)), p.name);
      });

      it("leaves each post_filter entry it makes out of its own counts (disjunctive), and nobody else's", () => {
        const selected = filters();
        const keys = facets[name].filters(selected).post.map((p) => p.key);
        const others = facetNames
          .filter((n) => n !== name)
          .flatMap((n) => facets[n].filters(parseSearchRequest(exampleQuery(n)).filters).post.map((p) => p.key));
        assert.ok(!others.some((k) => keys.includes(k)), `${name} shares a post_filter key with another facet`);
        for (const context of contexts) {
          const left = facets[name].aggregations(selected, context).map((a) => a.countsWithout);
          for (const key of keys) assert.ok(left.includes(key), `${name}: no aggregation counts without ${key}`);
          for (const key of left)
            assert.ok(key === null || !others.includes(key), `${name}: counts without ${key}, another facet's filter`);
        }
      });

      it('shapes its response from the aggregations it asked for alone, and answers an empty one without them', () => {
        // Browsing and filtering ask for every facet: a facet missing from them has no recorded answer yet.
        for (const recorded of ['browse', 'running-shoes'] as RecordedName[])
          assert.ok(
            recordedAnswer(recorded).request.facets.includes(name),
            `${recorded} has no answer for ${name}: record them again (test/unit/search/facets/record-aggregations.ts)`,
          );
        for (const recorded of ['browse', 'running-shoes', 'electronics'] as RecordedName[]) {
          const { request, attributeKeys, aggregations } = recordedAnswer(recorded);
          // electronics asks for two facets only.
          if (!request.facets.includes(name)) continue;
          const names = facets[name].aggregations(request.filters, { size: request.facetSize, attributeKeys }).map((a) => a.name);
          for (const asked of names) assert.ok(aggregations[asked], `${recorded}: Elasticsearch answered ${asked}`);
          const own: FacetAggregates = Object.fromEntries(names.map((n) => [n, aggregations[n]]));
          assert.deepEqual(facets[name].shape(aggregations, request.filters), facets[name].shape(own, request.filters), recorded);
          // Browsing the whole catalogue, every facet has values: shaping must find them under the names it asked for.
          if (recorded === 'browse') assert.notDeepEqual(facets[name].shape(own, request.filters), facets[name].shape({}, request.filters));
        }
        const empty = facets[name].shape({}, filters());
        assert.ok(!JSON.stringify(empty).includes('"count"'), JSON.stringify(empty));
      });

      it('is documented in /openapi.json as declared', () => {
        const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { parameters: Array<Record<string, unknown>> }>> };
        const parameters = doc.paths['/v1/search']!.get!.parameters;
        for (const p of facets[name].parameters) {
          const documented = parameters.find((d) => d.name === p.name);
          assert.deepEqual(documented, {
            name: p.name,
            in: 'query',
            description: p.description,
            schema: p.schema,
            example: documented?.example,
          });
          // The example reads as the query string gives it.
          assert.equal(String(documented?.example), p.example);
        }
        const listed = parameters.find((d) => d.name === 'facets') as {
          schema: { items: { enum: string[] } };
          'x-agora-facets': Array<Record<string, unknown>>;
        };
        assert.ok(listed.schema.items.enum.includes(name));
        assert.deepEqual(
          listed['x-agora-facets'].find((f) => f.name === name),
          {
            name,
            title: facets[name].storefront.title,
            kind: facets[name].storefront.kind,
            parameters: facets[name].parameters.map((p) => p.name),
            values: facets[name].valueOrder,
          },
        );
      });

      it('is declared to the storefront with parameters of its own and a kind facets.js draws', () => {
        const declared = storefrontDeclarations().filter((d) => d.name === name);
        assert.equal(declared.length, 1);
        const declaration = declared[0]!;
        assert.equal(declaration.title, facets[name].storefront.title);
        assert.equal(declaration.kind, facets[name].storefront.kind);
        const parameters =
          declaration.kind === 'bands'
            ? [declaration.min, ...(declaration.max === undefined ? [] : [declaration.max])]
            : [declaration.parameter!];
        for (const parameter of parameters)
          assert.ok(
            facets[name].parameters.some((p) => p.name === parameter),
            `${name}: ${parameter}`,
          );
        // state.js keeps each parameter in a field of the page's state of its own (test/unit/web/state.test.ts follows each through).
        const kept = storefrontParameters();
        for (const p of facets[name].parameters)
          assert.ok(
            kept.some((k) => k.name === p.name),
            `${name}: state.js keeps ${p.name}`,
          );
        const fields = kept.map((k) => k.field);
        assert.equal(new Set(fields).size, fields.length, `state fields: ${fields.join(', ')}`);
        for (const field of ['q', 'inStock', 'sort']) assert.ok(!fields.includes(field), `${field} is the state's own`);
        const script = fs.readFileSync(path.join(__dirname, '../../../../src/web/public/assets/facets.js'), 'utf8');
        const drawers =
          /const drawers = \{([^}]*)\}/
            .exec(script)?.[1]
            ?.split(',')
            .map((d) => d.trim().split(':')[0]) ?? [];
        assert.ok(drawers.includes(declaration.kind), `facets.js draws ${declaration.kind}`);
      });
    });
  }
});
