#!/usr/bin/env node
// `npm run lint:imports`: the import table of ARCHITECTURE.md, checked by dependency-cruiser
// (.dependency-cruiser.cjs: allowed imports, module cycles, cycles between sibling folders), plus
// cycles between a folder and one of its own subfolders, which dependency-cruiser's folder rules
// do not see (it folds a subfolder into its parent). One cruise feeds both checks.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const roots = ['src', 'indexers', 'ranking', 'jobs', 'fixtures', 'benchmarks', 'test', 'scripts'];
const cruise = spawnSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...roots], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (cruise.stdout === '') {
  process.stderr.write(cruise.stderr);
  process.exit(2);
}
const result = JSON.parse(cruise.stdout);
const problems = result.summary.violations.map(
  (v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle: ${v.cycle.map((c) => c.name ?? c).join(' → ')})` : ''}`,
);

// Folder graph: each project module stands for the folder it lies in.
const isProject = (file) => roots.some((root) => file.startsWith(`${root}/`));
const edges = new Map();
for (const module of result.modules) {
  if (!isProject(module.source)) continue;
  const from = path.dirname(module.source);
  for (const dependency of module.dependencies) {
    if (!isProject(dependency.resolved)) continue;
    const to = path.dirname(dependency.resolved);
    if (to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${module.source} → ${dependency.resolved}`);
  }
}

// Strongly connected components (Tarjan): any component of two or more folders is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
function connect(folder) {
  index.set(folder, counter);
  low.set(folder, counter);
  counter += 1;
  stack.push(folder);
  onStack.add(folder);
  for (const next of edges.get(folder)?.keys() ?? []) {
    if (!index.has(next)) {
      connect(next);
      low.set(folder, Math.min(low.get(folder), low.get(next)));
    } else if (onStack.has(next)) {
      low.set(folder, Math.min(low.get(folder), index.get(next)));
    }
  }
  if (low.get(folder) !== index.get(folder)) return;
  const component = [];
  let member;
  do {
    member = stack.pop();
    onStack.delete(member);
    component.push(member);
  } while (member !== folder);
  if (component.length < 2) return;
  const inComponent = new Set(component);
  const imports = component.flatMap((from) =>
    [...(edges.get(from) ?? [])].filter(([to]) => inComponent.has(to)).map(([, example]) => `    ${example}`),
  );
  problems.push(`folder cycle between ${component.sort().join(', ')}:\n${imports.join('\n')}`);
}
for (const folder of edges.keys()) if (!index.has(folder)) connect(folder);

if (problems.length > 0) {
  process.stderr.write(`Import check failed (see the table in ARCHITECTURE.md):\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `imports: ${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} imports, all in the table; no cycles\n`,
);
