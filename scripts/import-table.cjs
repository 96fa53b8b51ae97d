/**
 * The import table of ARCHITECTURE.md: each role's folders (a path pattern) and the roles it may
 * import besides itself. `.dependency-cruiser.cjs` turns it into rules; a unit test
 * (test/unit/architecture.test.ts) checks that ARCHITECTURE.md shows exactly this table.
 */
const roles = {
  core: '^src/core/',
  ranking: '^ranking/',
  serving: '^src/(?!core/|db/|cli/)',
  db: '^src/db/',
  indexers: '^indexers/',
  jobs: '^jobs/',
  fixtures: '^fixtures/',
  cli: '^src/cli/',
  benchmarks: '^benchmarks/',
  testSupport: '^test/support/',
  test: '^test/',
  scripts: '^scripts/',
};

/** [role, roles it may import besides itself]. */
const table = [
  ['core', []],
  ['ranking', ['core']],
  ['serving', ['core', 'ranking']],
  ['db', ['core']],
  ['indexers', ['core', 'ranking']],
  ['jobs', ['core', 'ranking', 'indexers']],
  ['fixtures', ['core']],
  ['cli', ['core', 'ranking', 'serving', 'db', 'indexers', 'jobs', 'fixtures']],
  // Benchmarks borrow the tests' isolated service slices (test/support), nothing else of test/.
  ['benchmarks', ['core', 'ranking', 'serving', 'db', 'indexers', 'jobs', 'fixtures', 'cli', 'testSupport']],
  ['test', ['core', 'ranking', 'serving', 'db', 'indexers', 'jobs', 'fixtures', 'cli', 'benchmarks']],
  ['scripts', ['cli']],
];

module.exports = { roles, table };
