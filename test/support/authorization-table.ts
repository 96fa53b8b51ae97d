import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { principalKinds, type PrincipalKind } from '../../src/auth/authorization';

/** The README's authorization table, row by row: area → cell per column. */
export function readmeAuthorizationTable(): Map<string, { routes: string; cells: Record<PrincipalKind, string> }> {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf('<!-- authorization-table');
  const end = readme.indexOf('<!-- /authorization-table -->');
  assert.ok(start >= 0 && end > start, 'README carries the authorization table between its markers');
  const rows = readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
  const [header, , ...body] = rows;
  const columns: Record<string, PrincipalKind> = {
    '`public`': 'public',
    'customer key': 'customer',
    '`merchandiser`': 'merchandiser',
    '`admin`': 'admin',
    '`admin` scoped to a merchant': 'merchant-admin',
    '`signing`': 'signing',
  };
  assert.deepEqual(header!.slice(0, 2), ['area', 'routes']);
  const kinds = header!.slice(2).map((title) => columns[title]);
  assert.deepEqual([...kinds].sort(), [...principalKinds].sort(), 'one column per kind of caller');
  return new Map(
    body.map((cells) => [
      cells[0]!.replace(/`/g, ''),
      { routes: cells[1]!, cells: Object.fromEntries(kinds.map((kind, i) => [kind!, cells[i + 2]!])) as Record<PrincipalKind, string> },
    ]),
  );
}

/** What a cell grants: "yes", or a scoped yes ("its own …"); "no" grants nothing. */
export const grants = (cell: string): boolean => cell === 'yes' || cell.startsWith('its own');
