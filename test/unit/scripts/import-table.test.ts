import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the table is CommonJS, shared with .dependency-cruiser.cjs
const { roles, table } = require(path.join(root, 'scripts/import-table.cjs')) as {
  roles: Record<string, string>;
  table: Array<[string, string[]]>;
};

/** The rows of ARCHITECTURE.md's role table: role → the roles its last column names. */
function documentedTable(): Map<string, string[]> {
  const page = readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of page.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | `role` | folders | what | may import |
    const role = /^`([a-zA-Z]+)`$/.exec(cells[1] ?? '')?.[1];
    if (role === undefined || cells.length < 6) continue;
    const imports = cells[4] === 'nothing' ? [] : [...cells[4]!.matchAll(/`([a-zA-Z]+)`/g)].map((m) => m[1]!);
    rows.set(role, imports);
  }
  return rows;
}

describe('the import table', () => {
  it('ARCHITECTURE.md shows exactly the table the import check enforces', () => {
    assert.deepEqual(documentedTable(), new Map(table));
  });

  it('names a folder pattern for every role the table uses', () => {
    for (const [from, to] of table) for (const role of [from, ...to]) assert.ok(roles[role], role);
  });
});
