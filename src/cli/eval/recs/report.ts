import type { MetricRow } from '../../../../ranking/eval/evaluate';
import type { LatencySummary } from '../../../../ranking/eval/latency';
import type { EvalReport } from './run';

const ONLINE_RETAIL_ATTRIBUTION =
  'Data: UCI Machine Learning Repository, "Online Retail" (id 352), Dr Daqing Chen, London South Bank University, CC BY 4.0; ' +
  'Chen, Sain & Guo (2012), J. Database Marketing & Customer Strategy Management 19(3):197-208, doi:10.1057/dbm.2012.17.';

/** The report as text: the protocol first, so anyone can reproduce the numbers, then the tables. */
export function formatEvalReport(report: EvalReport, options: { onlineRetail: boolean }): string {
  const { protocol: p, k } = report;
  const lines: string[] = [];
  lines.push(`# Recommendation evaluation (agora eval recs)`);
  lines.push(report.loaded);
  if (options.onlineRetail) lines.push(ONLINE_RETAIL_ATTRIBUTION);
  lines.push('');
  lines.push('## Protocol');
  lines.push(
    `- cut ${p.cut}: training (and the served history) = order lines of orders not cancelled or returned placed before the cut; test window [${p.cut}, ${p.until}).`,
  );
  lines.push(`- training: ${p.trainPurchaseLines} purchase lines by ${p.trainCustomers} customers, ${p.trainItems} products bought.`);
  lines.push(
    `- customers evaluated: the ${p.testCustomers} who bought both before the cut and in the test window (${p.coldCustomers} first-time customers in the window are not evaluated)${p.scoredCustomers < p.testCustomers ? `, of whom ${p.scoredCustomers} are scored (--customers: spread evenly in first-seen order)` : ''}; ${p.customersWithNewItems} of the scored bought something new.`,
  );
  lines.push(
    `- relevant ("new items", primary) = products a customer bought in the test window and never before the cut: ${p.newPairs} (customer, product) pairs, of which ${p.newPairsUnseenInTraining} are products nobody bought before the cut (no model can find them); ${p.repurchasePairs} repurchases are relevant only under "all items" (a lower bound: past purchases are never recommended).`,
  );
  lines.push(
    `- lists: top ${k}. Served = the recommendation service in process, each request parsed as GET /v1/customers/:id/recommendations?size=${k} (so exclude_purchased and in_stock at their defaults), against a fresh index built by agora train + agora reindex from the training part. Offline models and co-occurrence baselines exclude each customer's training purchases and every product the service cannot show (not active, merchant not active, out of stock), and fill short lists by popularity.`,
  );
  lines.push(
    `- metrics: means over customers with something relevant; Recall@${k} = hits / relevant (± its standard error), NDCG@${k} binary gains, HitRate@${k} = share with ≥ 1 hit, coverage = distinct products in anyone's top ${k} / products bought before the cut; latency = wall time of each service call, one at a time.`,
  );
  if (report.tuning !== null) {
    lines.push('');
    lines.push(
      `## Tuning: validation split (train before ${report.tuning.validationCut}, validate up to the cut; ${report.tuning.validationUsers} customers)`,
    );
    lines.push(
      table(
        ['candidate settings', `R@${k}`, '± s.e.', `NDCG@${k}`],
        report.tuning.trials.map((t) => [
          `${JSON.stringify(t.settings)}${t.settings === report.tuning?.chosen ? '  ← chosen' : ''}`,
          f(t.validation.recall),
          f(t.validation.recallStandardError),
          f(t.validation.ndcg),
        ]),
      ),
    );
  }
  for (const protocol of ['newItems', 'allItems'] as const) {
    lines.push('');
    lines.push(
      protocol === 'newItems'
        ? `## "For you", relevant = new items (primary)`
        : `## "For you", relevant = every test purchase (lower bound)`,
    );
    const popularity = report.offline.find((m) => m.model === 'popularity')?.[protocol].recall;
    const rows: Array<[string, MetricRow, LatencySummary | null]> = [
      [report.served.model, report.served[protocol], report.served.latency],
      ...report.offline.map((m): [string, MetricRow, LatencySummary | null] => [m.model, m[protocol], null]),
    ];
    lines.push(
      table(
        ['model', `R@${k}`, '± s.e.', `NDCG@${k}`, `HR@${k}`, 'coverage', 'R vs pop', 'p50 ms', 'p95 ms', 'users'],
        rows.map(([name, m, latency]) => [
          name,
          f(m.recall),
          f(m.recallStandardError),
          f(m.ndcg),
          f(m.hitRate),
          `${(m.coverage * 100).toFixed(1)}%`,
          popularity ? `×${(m.recall / popularity).toFixed(2)}` : '–',
          latency === null ? '' : latency.p50.toFixed(1),
          latency === null ? '' : latency.p95.toFixed(1),
          String(m.users),
        ]),
      ),
    );
  }
  const best = [...report.offline].filter((m) => m.model !== 'popularity').sort((a, b) => b.newItems.recall - a.newItems.recall)[0];
  if (best !== undefined) {
    const bar = best.newItems.recall - best.newItems.recallStandardError;
    lines.push(
      `served R@${k} ${f(report.served.newItems.recall)} vs best offline (${best.model}) minus one s.e. ${f(bar)}: ${report.served.newItems.recall >= bar ? 'at least as good' : 'below'}; ${report.served.fallbacks} of ${report.served.allItems.users} served lists were fallbacks.`,
    );
  }
  if (report.itemToItem !== null) {
    lines.push('');
    lines.push(
      `## Item to item, next basket: ${report.itemToItem.cases} test orders with ≥ 2 products; anchor = the order's first product, relevant = its other products`,
    );
    lines.push(
      table(
        [
          'list',
          `R@${k}`,
          '± s.e.',
          `NDCG@${k}`,
          `HR@${k}`,
          'coverage',
          'p50 ms',
          'p95 ms',
          'fallback/404',
          'own ≥ 1',
          `own ${k}`,
          'own items',
        ],
        report.itemToItem.rows.map((r) => [
          r.list,
          f(r.metrics.recall),
          f(r.metrics.recallStandardError),
          f(r.metrics.ndcg),
          f(r.metrics.hitRate),
          `${(r.metrics.coverage * 100).toFixed(1)}%`,
          r.latency === null ? '' : r.latency.p50.toFixed(1),
          r.latency === null ? '' : r.latency.p95.toFixed(1),
          r.fallbacks === null ? '' : String(r.fallbacks),
          r.own === null ? '' : String(r.own.withAny),
          r.own === null ? '' : String(r.own.full),
          r.own === null ? '' : r.own.meanItems.toFixed(2),
        ]),
      ),
    );
    lines.push(
      `fallback/404: lists with any item from outside the asked source (a short list topped up counts) or an anchor not in the index; own ≥ 1 / own ${k}: lists with at least one / ${k} items from the asked source itself; own items: its mean items per list.`,
    );
  }
  lines.push('');
  lines.push(
    `train ${(report.build.trainMs / 1000).toFixed(1)} s, index ${(report.build.indexMs / 1000).toFixed(1)} s (${report.build.documents} documents), total ${(report.totalMs / 1000).toFixed(1)} s; scratch schema and index dropped.`,
  );
  return lines.join('\n');
}

function f(x: number): string {
  return x.toFixed(4);
}

/** A Markdown table, numbers right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, c) => (c === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
