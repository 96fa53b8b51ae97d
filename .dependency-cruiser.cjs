/**
 * The import table of ARCHITECTURE.md, checked by `npm run lint:imports` (part of `npm test` and CI).
 * Every project import must match an `allowed` row; anything else fails, and so does a cycle between folders.
 */
const { roles: role, table } = require('./scripts/import-table.cjs');

const project = '^(src|ranking|indexers|jobs|fixtures|benchmarks|test|scripts)/';

module.exports = {
  allowed: [
    // Packages and Node's own modules are not part of the table.
    { from: {}, to: { pathNot: project } },
    ...table.map(([from, to]) => ({
      comment: `${from} may import ${[from, ...to].join(', ')}`,
      from: { path: role[from] },
      to: { path: [from, ...to].map((r) => role[r]) },
    })),
  ],
  allowedSeverity: 'error',
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment:
        'Folders depend on each other in one direction only: a cycle between two folders means one of them holds something of the other.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      comment: 'Modules import each other in one direction only.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-unresolvable',
      comment: 'An import that resolves to no file is a typo or a deleted module.',
      severity: 'error',
      from: {},
      // tsx/cjs is reached through the package's exports map, which the resolver does not read for require().
      to: { couldNotResolve: true, pathNot: '^tsx/cjs$' },
    },
  ],
  options: {
    // Folder-level rules (no-folder-cycle) are only checked when folder metrics are computed.
    metrics: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.agora|\\.scratch|src/web/public/build)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.cjs', '.mjs', '.json', '.d.ts'] },
  },
};
