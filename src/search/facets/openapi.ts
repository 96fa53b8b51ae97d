import type { FacetParameter } from './definition';
import { facetNames, facetParameters, facets } from './registry';

const query = (name: string, description: string, schema: Readonly<Record<string, unknown>>, extra: Record<string, unknown> = {}) => ({
  name,
  in: 'query' as const,
  description,
  schema,
  ...extra,
});

/** A parameter's example as its schema types it: the query string's `10` is a number, `red,blue` a list. */
function typedExample(parameter: FacetParameter): unknown {
  if (parameter.schema.type === 'number') return Number(parameter.example);
  if (parameter.schema.type === 'array') return parameter.example.split(',');
  return parameter.example;
}

/** The facets' query parameters for /openapi.json, in registry order. */
export function facetQueryParameters() {
  return facetParameters.map((p) => query(p.name, p.description, p.schema, { example: typedExample(p) }));
}

/**
 * The `facets` parameter, with every facet described under `x-agora-facets`
 * (title, how a storefront may draw it, its parameters, the order of its values).
 */
export function facetsParameter() {
  return query(
    'facets',
    `Facets to count: ${facetNames.join(', ')}. Counts of a facet ignore its own selection.`,
    { type: 'array', items: { type: 'string', enum: [...facetNames] }, description: 'facet names' },
    {
      'x-agora-facets': facetNames.map((name) => ({
        name,
        title: facets[name].storefront.title,
        kind: facets[name].storefront.kind,
        parameters: facets[name].parameters.map((p) => p.name),
        values: facets[name].valueOrder,
      })),
    },
  );
}
