import { attributes } from './attributes';
import { brand } from './brand';
import { category } from './category';
import type { FacetDefinition, FacetParameter } from './definition';
import { merchant } from './merchant';
import { price } from './price';
import { rating } from './rating';

/**
 * Every facet, in the order responses list them. A facet is one entry here
 * (its definition in a file of its own), typed FacetDefinition so that
 * nothing can be left out; the request parser, the body builder, the
 * response shaper, /openapi.json and the storefront read it from here.
 */
const definitions = { category, brand, merchant, price, rating, attributes };

export type FacetName = keyof typeof definitions;
type TypesOf<D> = D extends FacetDefinition<infer T> ? T : never;
type FacetTypesOf<K extends FacetName> = TypesOf<(typeof definitions)[K]>;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Typed so that an entry that is not a whole FacetDefinition does not compile. */
export const facets: { readonly [K in FacetName]: FacetDefinition<FacetTypesOf<K>> } = definitions;

/** Object keys keep their insertion order: the registry's. */
export const facetNames = Object.keys(facets) as FacetName[];

export function isFacetName(name: string): name is FacetName {
  return Object.hasOwn(facets, name);
}

/** Every facet's part of SearchRequest['filters'], together. */
export type FacetSelections = UnionToIntersection<FacetTypesOf<FacetName>['selection']>;

/** SearchResult.facets: the facets asked for, each under its name. */
export type SearchFacets = { [K in FacetName]?: FacetTypesOf<K>['response'] };

/** The post_filter entries facet selections make; each facet's counts leave out its own. */
export type FacetFilterKey = FacetTypesOf<FacetName>['filterKey'];

/** Every facet's query parameters, in registry order. */
export const facetParameters: readonly FacetParameter[] = facetNames.flatMap((name) => facets[name].parameters);

/** The parameter a query string name is: `brand`, or `attr.{key}` for `attr.colour`. */
function declaredParameter(name: string): FacetParameter | undefined {
  return facetParameters.find((p) => (p.name.endsWith('{key}') ? name.startsWith(p.name.slice(0, -'{key}'.length)) : p.name === name));
}

/** `brand`, or `attr.colour` for `attr.{key}`. */
export function isFacetParameter(name: string): boolean {
  return declaredParameter(name) !== undefined;
}

/** The facet whose parameter `name` is (`attr.colour`: attributes). */
export function facetOfParameter(name: string): FacetName | undefined {
  const parameter = declaredParameter(name);
  return parameter === undefined ? undefined : facetNames.find((n) => facets[n].parameters.includes(parameter));
}
