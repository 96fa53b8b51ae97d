import assert from 'node:assert/strict';
import { addPass, emptySummary, shouldContinue, type RelayPassOutcome } from '../../../../indexers/outbox/outcome';

describe('relay pass outcomes', () => {
  const delivered = (claimed: number): RelayPassOutcome => ({
    kind: 'delivered',
    claimed,
    indexed: 3,
    deleted: 1,
    superseded: 2,
    rejected: 1,
  });

  it('sums delivered passes: documents written are those indexed plus deleted', () => {
    const summary = [delivered(500), delivered(7)].reduce(addPass, emptySummary());
    assert.deepEqual(summary, {
      stopped: { reason: 'drained' },
      passes: 2,
      claimed: 507,
      written: 8,
      superseded: 4,
      rejected: 2,
      retried: 0,
      more: false,
      skippedNoIndex: false,
    });
  });

  it('counts an idle pass and nothing else', () => {
    assert.deepEqual(addPass(emptySummary(), { kind: 'idle' }), { ...emptySummary(), passes: 1 });
  });

  it('records rows acknowledged without an index', () => {
    const summary = addPass(emptySummary(), { kind: 'acknowledged', claimed: 20 });
    assert.equal(summary.claimed, 20);
    assert.equal(summary.written, 0);
    assert.equal(summary.skippedNoIndex, true);
  });

  it('stops on a failed pass, counting its rows as handed back and keeping what earlier passes delivered', () => {
    const summary = [delivered(500), { kind: 'retry', claimed: 500, error: 'ConnectionError: down' } as const].reduce(
      addPass,
      emptySummary(),
    );
    assert.deepEqual(summary.stopped, { reason: 'failed', error: 'ConnectionError: down' });
    assert.equal(summary.retried, 500);
    assert.equal(summary.written, 4);
    assert.equal(summary.more, false);
  });

  it('stops on a pass that failed before it claimed anything (Elasticsearch unreachable), with nothing handed back', () => {
    const summary = addPass(emptySummary(), { kind: 'retry', claimed: 0, error: 'TimeoutError: Request timed out' });
    assert.deepEqual(summary.stopped, { reason: 'failed', error: 'TimeoutError: Request timed out' });
    assert.equal(summary.claimed, 0);
    assert.equal(summary.retried, 0);
  });

  it('goes on after a full batch that went through, and only then', () => {
    assert.equal(shouldContinue(delivered(500), true), true);
    assert.equal(shouldContinue({ kind: 'acknowledged', claimed: 500 }, true), true);
    assert.equal(shouldContinue(delivered(499), false), false);
    assert.equal(shouldContinue({ kind: 'idle' }, false), false);
    assert.equal(shouldContinue({ kind: 'retry', claimed: 500, error: 'x' }, true), false);
  });
});
