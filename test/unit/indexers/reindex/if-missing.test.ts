import assert from 'node:assert/strict';
import { decideIfMissing } from '../../../../indexers/reindex/if-missing';

describe('reindex --if-missing', () => {
  const alias = 'agora-products';
  it('builds when the alias points nowhere', () => {
    assert.equal(decideIfMissing(alias, { targets: [], version: null }, 2).action, 'build');
  });
  it('keeps an index of this version, and of a newer one (no downgrade on rollback)', () => {
    assert.equal(decideIfMissing(alias, { targets: ['agora-products-1'], version: 2 }, 2).action, 'keep');
    const newer = decideIfMissing(alias, { targets: ['agora-products-1'], version: 3 }, 2);
    assert.equal(newer.action, 'keep');
    assert.match(newer.message, /newer code, version 3/);
  });
  it('rebuilds an index written by older code or of unknown version', () => {
    assert.equal(decideIfMissing(alias, { targets: ['agora-products-1'], version: 1 }, 2).action, 'rebuild');
    assert.equal(decideIfMissing(alias, { targets: ['agora-products-1'], version: null }, 2).action, 'rebuild');
  });
  it('fails rather than rebuilding when Elasticsearch cannot say what it serves', () => {
    assert.throws(() => decideIfMissing(alias, null, 2), /could not read the mapping/);
  });
});
