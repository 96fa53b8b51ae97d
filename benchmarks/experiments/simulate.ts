/**
 * Proves the experiment statistics (issue 21) with shoppers whose behaviour
 * the generator knows.
 *
 * 1. Calibration, over many seeds: the real assignment and analysis on
 *    synthetic shoppers (in process). In A/A runs the verdict must fail the
 *    check no more often than alpha (5 %); where B is truly better by the
 *    planned minimum effect it must find B about as often as the planned power
 *    (80 %, at the shoppers actually reached). A peeking row shows what
 *    stopping at the first significant look would do instead.
 * 2. One experiment through the real HTTP API on the hand-made demo catalog
 *    (fixtures/search/catalog.json, in an isolated test slice of the running
 *    services): created, started, searched by synthetic shoppers who buy
 *    their favourite shoe with a probability that falls with its position in
 *    the hits they were shown, events sent with the search's request id,
 *    results read, the winner promoted.
 *
 *   npx tsx benchmarks/experiments/simulate.ts [--seeds 1000] [--max-shoppers 20000] [--no-api]
 */
import { formatTable } from '../support/stats';
import { argument } from '../support/request-mix';
import { interval, runScenario, type Scenario } from './calibration';
import { runThroughApi } from './through-api';

async function main(): Promise<void> {
  const seeds = argument('seeds', 1000);
  const shoppers = argument('max-shoppers', 20_000);
  const baseline = 0.1;
  const plannedLift = 0.2;
  const scenarios: Scenario[] = [
    { name: 'A/A', trueLift: 0, variants: 2, aa: true },
    { name: 'A/A/A (Bonferroni)', trueLift: 0, variants: 3, aa: true },
    { name: 'A/B, B +20 % (= planned effect)', trueLift: 0.2, variants: 2, aa: false },
    { name: 'A/B, B +10 % (half the planned effect)', trueLift: 0.1, variants: 2, aa: false },
    { name: 'A/B, B +30 %', trueLift: 0.3, variants: 2, aa: false },
    { name: 'A/A, peeking every 250 shoppers', trueLift: 0, variants: 2, aa: true, peekEvery: 250 },
  ];
  console.log(
    `Calibration: purchase conversion ${baseline * 100} % in the control, planned minimum detectable effect +${plannedLift * 100} %, alpha 0.05, power 0.8; ${seeds} seeds per row.\n`,
  );
  const rows = scenarios.map((scenario) => {
    const started = Date.now();
    const outcome = runScenario(scenario, seeds, baseline, plannedLift);
    process.stderr.write(`${scenario.name}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return [
      scenario.name,
      outcome.plannedPerVariant,
      Math.round(outcome.meanPerVariant),
      scenario.aa ? 'false winner' : 'B found',
      interval(outcome.declared, seeds),
      Number.isNaN(outcome.expected) ? 'none stated' : `${(outcome.expected * 100).toFixed(1)} %`,
      outcome.srmFlags,
    ];
  });
  console.log(
    formatTable(['scenario', 'planned n/variant', 'mean n/variant', 'counted', 'observed (95 % CI)', 'expected', 'SRM flags'], rows),
  );
  if (process.argv.includes('--no-api')) return;
  console.log('\nThrough the real API:\n');
  await runThroughApi(shoppers);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
