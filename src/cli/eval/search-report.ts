import { searchCutoffs } from '../../../ranking/eval/search-scores';
import type { EvaluatedSystem, QueryLoss } from './search-evaluation';
import { formatTable } from './text-table';

export interface SearchReport {
  protocol: string[];
  systems: EvaluatedSystem[];
  losses: QueryLoss[];
  /** Product id → title, for the losses table. */
  titles: ReadonlyMap<string, string>;
  /** Groups of queries (indexes into the judged queries) reported on their own. */
  slices: Array<{ name: string; members: number[] }>;
}

const { k, recallDepth } = searchCutoffs;
const fixed = (n: number, digits = 3) => (Number.isNaN(n) ? '–' : n.toFixed(digits));
const percent = (n: number) => (Number.isNaN(n) ? '–' : `${(n * 100).toFixed(1)}%`);

export function formatSearchReport(report: SearchReport): string {
  const baseline = report.systems[report.systems.length - 1]!;
  const metrics = formatTable(
    [
      'system',
      'queries',
      `NDCG@${k}`,
      '± s.e.',
      `P@${k}`,
      'MRR',
      `R@${recallDepth}`,
      'zero results',
      'p50 ms',
      'p95 ms',
      'NDCG vs baseline',
    ],
    report.systems.map(({ name, summary: s }) => [
      name,
      s.queries,
      fixed(s.ndcg),
      fixed(s.ndcgStandardError),
      fixed(s.precision),
      fixed(s.mrr),
      fixed(s.recall),
      percent(s.zeroRate),
      fixed(s.p50Ms, 1),
      fixed(s.p95Ms, 1),
      baseline.summary.ndcg > 0 ? `×${(s.ndcg / baseline.summary.ndcg).toFixed(3)}` : '–',
    ]),
  );
  const title = (id: string | null) => (id === null ? '–' : clip(`${report.titles.get(id) ?? '?'} (${id})`, 48));
  const losses =
    report.losses.length === 0
      ? `(no query where ${report.systems[0]!.name} scores below the baseline)`
      : formatTable(
          ['query', report.systems[0]!.name, 'baseline', 'Δ NDCG', `${report.systems[0]!.name}'s #1`, 'best judged'],
          report.losses.map((l) => [
            clip(l.correctedQuery ? `${l.query} → ${l.correctedQuery}` : l.query, 40),
            fixed(l.ndcg),
            fixed(l.baselineNdcg),
            fixed(l.ndcg - l.baselineNdcg),
            title(l.agoraFirst),
            title(l.bestJudged),
          ]),
        );
  const slices =
    report.slices.length === 0
      ? []
      : [
          '',
          `## NDCG@${k} by slice`,
          formatTable(
            ['slice', 'queries', ...report.systems.map((s) => s.name)],
            report.slices.map(({ name, members }) => [
              name,
              members.length,
              ...report.systems.map((s) => fixed(members.reduce((sum, i) => sum + s.outcomes[i]!.ndcg, 0) / members.length)),
            ]),
          ),
        ];
  return [
    '# Search relevance: agora eval search',
    ...report.protocol,
    '',
    '## Relevance and latency (one client, sequential; latency of the timed pass after a warm-up)',
    metrics,
    ...slices,
    '',
    `## Queries that lose most against the baseline (NDCG@${k})`,
    losses,
  ].join('\n');
}

export function searchReportJson(report: SearchReport, queries: readonly string[]): unknown {
  return {
    protocol: report.protocol,
    cutoffs: searchCutoffs,
    systems: report.systems.map((s) => ({ name: s.name, summary: s.summary })),
    slices: report.slices.map(({ name, members }) => ({
      name,
      queries: members.length,
      ndcg: Object.fromEntries(
        report.systems.map((s) => [s.name, members.reduce((sum, i) => sum + s.outcomes[i]!.ndcg, 0) / members.length]),
      ),
    })),
    losses: report.losses,
    queries: queries.map((query, i) => ({
      query,
      ...Object.fromEntries(report.systems.map((s) => [s.name, { ndcg: s.outcomes[i]!.ndcg, ids: s.answers[i]!.ids.slice(0, k) }])),
    })),
  };
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
