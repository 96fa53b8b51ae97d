import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { facetNames, facets, type FacetName } from './registry';
import type { StorefrontFacet } from './definition';

/** What the storefront demo's facets.js needs of a facet: its registry declaration, and the parameter its values go to. */
export type StorefrontDeclaration = { name: FacetName } & StorefrontFacet & { parameter?: string };

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

function literal(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An entry of the array on one line, or one property a line when that passes Prettier's 140 columns. */
function entry(declaration: StorefrontDeclaration): string {
  const properties = Object.entries(declaration).map(([key, value]) => `${key}: ${literal(value)}`);
  const line = `  { ${properties.join(', ')} },`;
  return line.length <= 140 ? line : ['  {', ...properties.map((p) => `    ${p},`), '  },'].join('\n');
}

/** The module's text, laid out as Prettier would. */
export function storefrontModule(): string {
  const entries = storefrontDeclarations().map(entry);
  return [
    '// Generated from the facet registry (src/search/facets) by `npx tsx src/search/facets/storefront.ts`: do not edit.',
    '// A unit test (test/unit/search/facets/storefront.test.ts) fails when it falls behind the registry.',
    '',
    '/** Every facet, as /v1/search names them and answers them. */',
    `export const facetNames = [${facetNames.map(literal).join(', ')}];`,
    '',
    '/** The facets, in the order the filter sidebar shows them: what facets.js draws, and how. */',
    'export const facetDeclarations = [',
    ...entries,
    '];',
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(storefrontModulePath, storefrontModule());
  process.stdout.write(`${path.relative(process.cwd(), storefrontModulePath)} written\n`);
}
