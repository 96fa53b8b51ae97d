import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { facetNames, facets, type FacetName } from './registry';
import type { FacetParameter, StorefrontFacet } from './definition';

/** What the storefront demo's facets.js needs of a facet: its registry declaration, and the parameter its values go to. */
export type StorefrontDeclaration = { name: FacetName } & StorefrontFacet & { parameter?: string };

/**
 * How the storefront's page state (state.js) keeps a facet parameter, in the
 * state, the page's URL and the /v1/search request:
 * - `list`: the values selected (`brand=a,b`);
 * - `trail`: the tree's path from a root to the value viewed (`category=a,b`), of which the API is given the last;
 * - `keyed`: one list per key (`attr.{key}`: `attr.colour=red,blue`), keys in alphabetical order in the URL;
 * - `single`: one value ('' when unset), e.g. a price bound.
 */
export type StorefrontParameterKind = 'list' | 'trail' | 'keyed' | 'single';

/** A facet parameter as state.js keeps it: under `field` of the page's state, read and written by its kind. */
export interface StorefrontParameter {
  name: string;
  field: string;
  kind: StorefrontParameterKind;
}

/** The generated module beside facets.js, which imports it (the browser runs no TypeScript). */
export const storefrontModulePath = path.join(__dirname, '../../web/public/assets/facet-declarations.js');

/** Every facet in the order the sidebar shows them. */
export function storefrontDeclarations(): StorefrontDeclaration[] {
  return facetNames
    .map((name): StorefrontDeclaration => {
      const { storefront, parameters } = facets[name];
      // Bands name the parameters their bounds go to; a tree or a list sets the facet's one parameter.
      return storefront.kind === 'bands' ? { name, ...storefront } : { name, ...storefront, parameter: parameters[0]!.name };
    })
    .sort((a, b) => a.position - b.position);
}

const camelCase = (name: string) => name.replace(/[._]+([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());

function storefrontParameter(name: FacetName, parameter: FacetParameter): StorefrontParameter {
  if (parameter.name.endsWith('{key}')) {
    // attr.{key} → attrs: key → values.
    return { name: parameter.name, field: `${camelCase(parameter.name.slice(0, -'{key}'.length).replace(/[._]+$/, ''))}s`, kind: 'keyed' };
  }
  const kind = facets[name].storefront.kind === 'tree' ? 'trail' : parameter.schema.type === 'array' ? 'list' : 'single';
  // price_min → priceMin.
  return { name: parameter.name, field: camelCase(parameter.name), kind };
}

const urlOrder: Record<StorefrontParameterKind, number> = { trail: 0, list: 0, keyed: 1, single: 2 };

/**
 * Every facet parameter, in the order the storefront's URLs give them (lists,
 * then per-key lists, then single values; each in registry order).
 */
export function storefrontParameters(): StorefrontParameter[] {
  return facetNames
    .flatMap((name) => facets[name].parameters.map((p) => storefrontParameter(name, p)))
    .sort((a, b) => urlOrder[a.kind] - urlOrder[b.kind]);
}

function literal(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An entry of the array on one line, or one property a line when that passes Prettier's 140 columns. */
function entry(declaration: Readonly<Record<string, string | number | undefined>>): string {
  const properties = Object.entries(declaration)
    .filter((property): property is [string, string | number] => property[1] !== undefined)
    .map(([key, value]) => `${key}: ${literal(value)}`);
  const line = `  { ${properties.join(', ')} },`;
  return line.length <= 140 ? line : ['  {', ...properties.map((p) => `    ${p},`), '  },'].join('\n');
}

/** The module's text, laid out as Prettier would. */
export function storefrontModule(): string {
  return [
    '// Generated from the facet registry (src/search/facets) by `npx tsx src/search/facets/storefront.ts`: do not edit.',
    '// A unit test (test/unit/search/facets/storefront.test.ts) fails when it falls behind the registry.',
    '',
    '/** Every facet, as /v1/search names them and answers them. */',
    `export const facetNames = [${facetNames.map(literal).join(', ')}];`,
    '',
    '/** The facets, in the order the filter sidebar shows them: what facets.js draws, and how. */',
    'export const facetDeclarations = [',
    ...storefrontDeclarations().map(entry),
    '];',
    '',
    '/**',
    " * Every facet parameter, in the order the page's URLs give them: the field of",
    " * the page's state that keeps it, and its kind (how state.js reads and writes",
    ' * it: list, trail, keyed or single; see src/search/facets/storefront.ts).',
    ' */',
    'export const facetParameters = [',
    ...storefrontParameters().map((p) => entry({ ...p })),
    '];',
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(storefrontModulePath, storefrontModule());
  process.stdout.write(`${path.relative(process.cwd(), storefrontModulePath)} written\n`);
}
