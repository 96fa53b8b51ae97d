import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MetricRow } from '../../../ranking/eval/evaluate';
import { defaultCandidates, readCandidates } from '../../../src/cli/eval/recs/candidates';
import { formatEvalReport } from '../../../src/cli/eval/recs/report';
import type { EvalReport } from '../../../src/cli/eval/recs/run';

const row = (recall: number, users = 100): MetricRow => ({
  users,
  precision: 0,
  recall,
  recallStandardError: 0.004,
  ndcg: recall * 2,
  hitRate: 0.5,
  coverage: 0.25,
});
const model = (name: string, recall: number) => ({
  model: name,
  k: 10,
  newItems: row(recall),
  allItems: row(recall / 2),
  trainMs: 1,
  recommendMsPerUser: 0.1,
});

const report: EvalReport = {
  source: 'postgres',
  loaded: 'imported orders.csv',
  protocol: {
    cut: '2011-08-01T00:00:00.000Z',
    until: '2011-10-01T00:00:00.000Z',
    trainPurchaseLines: 1000,
    trainCustomers: 50,
    trainItems: 80,
    testCustomers: 40,
    scoredCustomers: 40,
    customersWithNewItems: 30,
    coldCustomers: 7,
    testPairs: 300,
    repurchasePairs: 100,
    newPairs: 200,
    newPairsUnseenInTraining: 20,
  },
  k: 10,
  served: {
    model: 'served "for you" (defaults)',
    newItems: row(0.07),
    allItems: row(0.035),
    latency: { n: 40, p50: 5, p95: 9 },
    fallbacks: 2,
  },
  offline: [model('popularity', 0.02), model('EASE', 0.075)],
  itemToItem: null,
  tuning: null,
  build: { trainMs: 1000, indexMs: 500, documents: 80 },
  totalMs: 3000,
};

describe('cli/eval-recs report', () => {
  it('prints the protocol, the served row beside the offline ones, and the one-standard-error reading', () => {
    const text = formatEvalReport(report, { onlineRetail: true });
    assert.match(text, /cut 2011-08-01T00:00:00\.000Z/);
    assert.match(text, /the 40 who bought both before the cut and in the test window \(7 first-time customers/);
    assert.match(text, /200 \(customer, product\) pairs, of which 20 are products nobody bought before the cut/);
    assert.match(
      text,
      /\| served "for you" \(defaults\) \| 0\.0700 \| 0\.0040 \| +0\.1400 \| 0\.5000 \| +25\.0% \| +×3\.50 \| +5\.0 \| +9\.0 \| +100 \|/,
    );
    // Best offline 0.075 − 0.004 = 0.071 > 0.070.
    assert.match(text, /vs best offline \(EASE\) minus one s\.e\. 0\.0710: below/);
    assert.match(text, /CC BY 4\.0/);
    assert.doesNotMatch(formatEvalReport(report, { onlineRetail: false }), /CC BY/);
  });
});

describe('cli/eval-recs candidates', () => {
  it('lists the current defaults first, so a tie keeps them', () => {
    assert.deepEqual(defaultCandidates()[0], {});
    assert.ok(defaultCandidates().length > 1);
  });

  it('reads a JSON array of settings objects and refuses anything else', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eval-candidates-'));
    const good = path.join(dir, 'good.json');
    writeFileSync(good, '[{"easeWeight": 0.5}, {}]');
    assert.deepEqual(readCandidates(good), [{ easeWeight: 0.5 }, {}]);
    for (const [name, body] of [
      ['empty.json', '[]'],
      ['object.json', '{"easeWeight": 1}'],
      ['numbers.json', '[1, 2]'],
    ]) {
      const file = path.join(dir, name);
      writeFileSync(file, body);
      assert.throws(() => readCandidates(file), /expected a non-empty JSON array of settings objects/);
    }
  });
});
