import type { MetricRow, ModelEvaluation } from '../../ranking/eval/evaluate';

/** One model's result as the child process reports it. */
export interface ModelRun {
  evaluation: ModelEvaluation;
  /** Peak resident set of the process that trained and evaluated the model, data loading included. */
  peakRssMb: number;
  /** Peak resident set right after loading and splitting the data, before training. */
  rssAfterLoadMb: number;
}

/** A fixed-width table: Markdown-compatible, readable in a terminal. */
export function renderTable(runs: readonly ModelRun[], protocol: 'newItems' | 'allItems'): string {
  const k = runs[0]?.evaluation.k ?? 10;
  const baseline = runs.find((run) => run.evaluation.model === 'popularity')?.evaluation[protocol].recall;
  const header = ['model', `P@${k}`, `R@${k}`, '± s.e.', `NDCG@${k}`, `HR@${k}`, 'coverage', 'R vs pop', 'train', 'peak RSS', 'users'];
  const rows = runs.map(({ evaluation, peakRssMb }) => {
    const m: MetricRow = evaluation[protocol];
    return [
      evaluation.model,
      m.precision.toFixed(4),
      m.recall.toFixed(4),
      m.recallStandardError.toFixed(4),
      m.ndcg.toFixed(4),
      m.hitRate.toFixed(4),
      `${(m.coverage * 100).toFixed(1)}%`,
      baseline ? `×${(m.recall / baseline).toFixed(2)}` : '–',
      seconds(evaluation.trainMs),
      `${Math.round(peakRssMb)} MB`,
      String(m.users),
    ];
  });
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, c) => (c === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
