import assert from 'node:assert/strict';
import { addDays, dayRange, isoToLocal, localToIso, zoneLabel } from '../../../src/web/public/assets/dates.js';

/**
 * In a zone that is not UTC and changes for daylight saving, so that a
 * conversion which ignores the zone (or today's offset used for every date)
 * fails here even on a machine that runs in UTC.
 */
describe('console: local dates to API instants', () => {
  const savedTz = process.env.TZ;
  before(() => {
    process.env.TZ = 'America/New_York';
  });
  after(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('runs in New York time (the zone is set for these tests)', () => {
    assert.equal(new Date('2026-12-01T14:30:00Z').getHours(), 9);
    assert.equal(zoneLabel(), 'America/New_York', 'the zone is named, not given as an offset');
  });

  it('turns local date-times into ISO instants and back, on both sides of a daylight saving change', () => {
    // Winter: UTC−5.
    assert.equal(localToIso('2026-12-01T09:30'), '2026-12-01T14:30:00Z');
    assert.equal(isoToLocal('2026-12-01T14:30:00Z'), '2026-12-01T09:30');
    // 2026-03-08 02:00 the clocks go forward: the day before is UTC−5, the day after UTC−4.
    assert.equal(localToIso('2026-03-07T09:30'), '2026-03-07T14:30:00Z');
    assert.equal(localToIso('2026-03-09T09:30'), '2026-03-09T13:30:00Z');
    assert.equal(isoToLocal('2026-03-07T14:30:00Z'), '2026-03-07T09:30');
    assert.equal(isoToLocal('2026-03-09T13:30:00Z'), '2026-03-09T09:30');
    for (const iso of ['2026-03-07T14:30:00Z', '2026-03-09T13:30:00Z', '2026-07-04T23:59:00Z', '2026-11-01T05:59:00Z']) {
      assert.equal(localToIso(isoToLocal(iso)), iso, `${iso} survives the round trip`);
    }
    assert.equal(localToIso(''), undefined);
    assert.equal(localToIso('soon'), 'soon', 'unparseable text reaches the API, which names the field');
    assert.equal(isoToLocal(undefined), '');
  });

  it('keeps seconds when there are any, so a stored time is saved back unchanged', () => {
    assert.equal(isoToLocal('2030-01-01T15:00:30Z'), '2030-01-01T10:00:30');
    assert.equal(localToIso(isoToLocal('2030-01-01T15:00:30Z')), '2030-01-01T15:00:30Z');
    assert.equal(isoToLocal('2030-01-01T15:00:00Z'), '2030-01-01T10:00', 'whole minutes stay short');
  });

  it('makes whole inclusive days into the API’s half-open period', () => {
    assert.equal(addDays('2026-02-28', 1), '2026-03-01');
    assert.equal(addDays('2026-01-01', -1), '2025-12-31');
    assert.equal(addDays('2026-03-07', 2), '2026-03-09', 'across the clock change: whole days, not 48 hours');
    // The period's ends are local midnights: 05:00Z in winter, 04:00Z after the change.
    assert.deepEqual(dayRange('2026-03-05', '2026-03-10'), { from: '2026-03-05T05:00:00Z', to: '2026-03-11T04:00:00Z' });
  });
});
