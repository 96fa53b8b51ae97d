import { formatTable, percentiles } from '../../support/stats';
import type { Judgment } from './data';
import { aggregate, type QueryOutcome } from './metrics';
import type { SystemAnswer } from './systems';

/** One system's answers and outcomes, aligned with the judgments by position. */
export interface SystemRun {
  name: string;
  answers: SystemAnswer[];
  outcomes: QueryOutcome[];
  latenciesMs: number[];
}

export interface Slice {
  name: string;
  /** Positions in the judgment list. */
  members: number[];
}

const fixed = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(3));
const percent = (x: number) => (Number.isNaN(x) ? '—' : `${(100 * x).toFixed(1)}%`);
const rank = (r: number | null) => (r === null ? '—' : String(r));
const reciprocal = (r: number | null) => (r === null ? 0 : 1 / r);

export function relevanceTable(runs: readonly SystemRun[], slices: readonly Slice[]): string {
  const rows: string[][] = [];
  for (const slice of slices) {
    for (const run of runs) {
      const m = aggregate(slice.members.map((i) => run.outcomes[i]!));
      rows.push([run.name, slice.name, String(m.queries), fixed(m.ndcg), fixed(m.mrr), fixed(m.hitRate), percent(m.zeroRate)]);
    }
  }
  return formatTable(['system', 'slice', 'queries', 'NDCG@10', 'MRR@10', 'HitRate@10', 'zero results'], rows);
}

export function latencyTable(runs: readonly SystemRun[]): string {
  return formatTable(
    ['system', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms'],
    runs.map((run) => {
      const p = percentiles(run.latenciesMs);
      return [run.name, p.n, p.p50, p.p95, p.p99, p.mean];
    }),
  );
}

/** What Agora's spelling help did on the misspelt queries, and how often it then found the most-clicked SKU. */
export function correctionTable(agora: SystemRun, members: readonly number[]): string {
  const groups: Array<[string, (a: SystemAnswer) => boolean]> = [
    ['all misspelt queries', () => true],
    ['did-you-mean offered (correctedQuery)', (a) => a.correctedQuery !== null],
    ['showing corrected results', (a) => a.showingCorrected],
    ['relaxed (fewer words required)', (a) => a.relaxed],
    ['answered as typed (no correction shown, not relaxed)', (a) => !a.showingCorrected && !a.relaxed],
  ];
  return formatTable(
    ['Agora on misspelt queries', 'queries', 'share', 'HitRate@10', 'MRR@10'],
    groups.map(([label, keep]) => {
      const chosen = members.filter((i) => keep(agora.answers[i]!));
      const m = aggregate(chosen.map((i) => agora.outcomes[i]!));
      return [label, String(chosen.length), percent(chosen.length / members.length), fixed(m.hitRate), fixed(m.mrr)];
    }),
  );
}

export interface ExampleContext {
  judgments: readonly Judgment[];
  titles: ReadonlyMap<string, string>;
  misspelt: ReadonlyMap<number, string[]>;
  spacing: ReadonlyMap<number, string[]>;
}

/** The query's misspelt words, then its glued or split ones in brackets. */
function issues(i: number, context: ExampleContext): string {
  const spacing = context.spacing.get(i) ?? [];
  return [...(context.misspelt.get(i) ?? []), ...spacing.map((w) => `[${w}]`)].join(' ') || '—';
}

function expectedTitle(judgment: Judgment, titles: ReadonlyMap<string, string>): string {
  const sku = [...judgment.top][0]!;
  return `${titles.get(sku) ?? sku}${judgment.top.size > 1 ? ` (+${judgment.top.size - 1} tied)` : ''}`;
}

function agoraShown(answer: SystemAnswer): string {
  if (answer.showingCorrected) return `showing "${answer.correctedQuery}"`;
  if (answer.relaxed) return 'relaxed';
  if (answer.correctedQuery !== null) return `did you mean "${answer.correctedQuery}"`;
  return 'as typed';
}

/** The most-clicked misspelt queries: what Agora made of them, and where each system ranked the most-clicked SKU. */
export function examplesTable(runs: readonly SystemRun[], members: readonly number[], context: ExampleContext, count: number): string {
  const [agora] = runs;
  const rows = members.slice(0, count).map((i) => {
    const judgment = context.judgments[i]!;
    const answer = agora!.answers[i]!;
    return [
      judgment.query,
      String(judgment.totalClicks),
      issues(i, context),
      answer.correctedQuery ?? '—',
      agoraShown(answer),
      ...runs.map((run) => rank(run.outcomes[i]!.rank)),
      expectedTitle(judgment, context.titles),
    ];
  });
  return formatTable(
    ['query', 'clicks', 'misspelt [glued/split]', 'corrected', 'Agora showed', ...runs.map((r) => `rank: ${r.name}`), 'most clicked'],
    rows,
  );
}

/** Queries where `other` put the most-clicked SKU higher than Agora did, most-clicked queries first. */
export function lossesTable(
  agora: SystemRun,
  other: SystemRun,
  members: readonly number[],
  context: ExampleContext,
  count: number,
): { summary: string; table: string } {
  let better = 0;
  let worse = 0;
  const losses: number[] = [];
  for (const i of members) {
    const a = reciprocal(agora.outcomes[i]!.rank);
    const b = reciprocal(other.outcomes[i]!.rank);
    if (a > b) better++;
    if (a < b) {
      worse++;
      losses.push(i);
    }
  }
  const rows = losses.slice(0, count).map((i) => {
    const judgment = context.judgments[i]!;
    const answer = agora.answers[i]!;
    const first = answer.ids[0];
    return [
      judgment.query,
      String(judgment.totalClicks),
      rank(agora.outcomes[i]!.rank),
      rank(other.outcomes[i]!.rank),
      `${answer.total}`,
      agoraShown(answer),
      first === undefined ? '—' : (context.titles.get(first) ?? first),
      expectedTitle(judgment, context.titles),
    ];
  });
  return {
    summary: `Agora vs ${other.name} by rank of the most-clicked SKU: better on ${better}, worse on ${worse}, equal on ${members.length - better - worse} of ${members.length} queries`,
    table: formatTable(
      ['query', 'clicks', 'Agora rank', `${other.name} rank`, 'Agora total', 'Agora showed', 'Agora #1', 'most clicked'],
      rows,
    ),
  };
}

/** Queries whose most-clicked SKU Agora leaves out of the top k, with what it showed instead and where the others ranked it. */
export function missesTable(runs: readonly SystemRun[], members: readonly number[], context: ExampleContext, count: number): string {
  const [agora, ...others] = runs;
  const misses = members.filter((i) => agora!.outcomes[i]!.rank === null);
  const rows = misses.slice(0, count).map((i) => {
    const judgment = context.judgments[i]!;
    const answer = agora!.answers[i]!;
    const first = answer.ids[0];
    return [
      judgment.query,
      String(judgment.totalClicks),
      issues(i, context),
      String(answer.total),
      agoraShown(answer),
      first === undefined ? '—' : (context.titles.get(first) ?? first),
      ...others.map((run) => rank(run.outcomes[i]!.rank)),
      expectedTitle(judgment, context.titles),
    ];
  });
  const header = [
    'query',
    'clicks',
    'misspelt [glued/split]',
    'Agora total',
    'Agora showed',
    'Agora #1',
    ...others.map((r) => `rank: ${r.name}`),
    'most clicked',
  ];
  return `${misses.length} of ${members.length} queries\n${formatTable(header, rows)}`;
}
