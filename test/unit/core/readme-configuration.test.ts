import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeSettings } from '../../../src/core/config';

/**
 * The variables README's configuration table lists. A row names one or more:
 * `API_HOST` / `API_PORT`, or a name and a suffix replacing its last words
 * (`RATE_LIMIT_ADMIN_PER_KEY` / `_PER_ADDRESS`).
 */
function configurationTableNames(readme: string): string[] {
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => {
      const [first, ...rest] = [...line.split('|')[1]!.matchAll(/`([A-Z_][A-Z0-9_]*)`/g)].map((m) => m[1]!);
      if (first === undefined) return [];
      return [
        first,
        ...rest.map((name) => {
          if (!name.startsWith('_')) return name;
          const words = first.split('_');
          return [...words.slice(0, words.length - (name.split('_').length - 1)), ...name.split('_').slice(1)].join('_');
        }),
      ];
    });
}

describe('README: the configuration table', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');

  it('reads names, pairs and suffixes', () => {
    const names = configurationTableNames(
      '## Configuration\n\n| variable | default | meaning |\n|---|---|---|\n| `A_HOST` / `A_PORT` | x | y |\n| `L_ADMIN_PER_KEY` / `_PER_ADDRESS` | 1 | z |\n\n## Tests\n| `NOT_HERE` | | |\n',
    );
    assert.deepEqual(names, ['A_HOST', 'A_PORT', 'L_ADMIN_PER_KEY', 'L_ADMIN_PER_ADDRESS']);
  });

  it('has a row for every setting of src/core/config.ts, and none for a setting it does not read', () => {
    const listed = configurationTableNames(readme);
    const settings = describeSettings().map((s) => s.name);
    assert.deepEqual(
      settings.filter((name) => !listed.includes(name)),
      [],
      'settings without a row',
    );
    assert.deepEqual(
      listed.filter((name) => !settings.includes(name)),
      [],
      'rows without a setting',
    );
  });
});
