import assert from 'node:assert/strict';
import { parseDuration } from '../../../src/auth/durations';

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days', () => {
    assert.deepEqual(['45', '90s', '30m', '1h', '7d', ' 2h '].map(parseDuration), [45, 90, 1800, 3600, 604_800, 7200]);
  });

  it('refuses anything else', () => {
    for (const bad of ['', '0', '0h', '-1h', '1.5h', '1w', 'h', '1 h', '1h30m', '9999999999d']) assert.equal(parseDuration(bad), null, bad);
  });
});
