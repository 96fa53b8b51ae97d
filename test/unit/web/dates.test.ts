import assert from 'node:assert/strict';
import { addDays, dayRange, isoToLocal, localToIso } from '../../../src/web/public/assets/dates.js';

describe('console: local dates to API instants', () => {
  it('turns local date-times into ISO instants and back, in the local zone', () => {
    const iso = localToIso('2026-12-01T09:30');
    assert.equal(iso, new Date(2026, 11, 1, 9, 30).toISOString().replace('.000Z', 'Z'));
    assert.equal(isoToLocal(iso), '2026-12-01T09:30');
    assert.equal(localToIso(''), undefined);
    assert.equal(localToIso('soon'), 'soon', 'unparseable text reaches the API, which names the field');
    assert.equal(isoToLocal(undefined), '');
  });

  it('makes whole inclusive days into the API’s half-open period', () => {
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.deepEqual(dayRange('2026-11-05', '2026-11-14'), { from: localToIso('2026-11-05T00:00'), to: localToIso('2026-11-15T00:00') });
    assert.equal(localToIso('2026-11-05T00:00'), new Date(2026, 10, 5).toISOString().replace('.000Z', 'Z'));
  });
});
