import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { pauseRelay, relayPause, relayReachedElasticsearch } from '../../../../indexers/outbox/pause';

describe('relay pause after Elasticsearch could not be reached', () => {
  // Only the handle's identity matters: each stands for one process's database handle.
  const handle = () => ({}) as unknown as Knex;
  const lengthOf = (db: Knex) => relayPause(db)!.until - Date.now();

  it('is not in force before any failure', () => {
    assert.equal(relayPause(handle()), undefined);
  });

  it('doubles with each failure in a row, up to the maximum, and starts over once Elasticsearch answered', () => {
    const db = handle();
    const backoff = { baseMs: 1000, maxMs: 5000 };
    const lengths = [1, 2, 3, 4].map(() => pauseRelay(db, 'ConnectionError: down', backoff).until - Date.now());
    assert.deepEqual(
      lengths.map((ms) => Math.round(ms / 100) * 100),
      [1000, 2000, 4000, 5000],
    );
    relayReachedElasticsearch(db);
    pauseRelay(db, 'ConnectionError: down', backoff);
    assert.equal(Math.round(lengthOf(db) / 100) * 100, 1000);
  });

  it('lasts at least as long as the backoff of the rows the failed pass handed back', () => {
    const db = handle();
    const pause = pauseRelay(db, 'TimeoutError: no answer', { baseMs: 1000 }, 8000);
    assert.equal(pause.error, 'TimeoutError: no answer');
    assert.equal(Math.round(lengthOf(db) / 100) * 100, 8000);
  });

  it('belongs to one database handle', () => {
    const paused = handle();
    pauseRelay(paused, 'ConnectionError: down', {});
    assert.notEqual(relayPause(paused), undefined);
    assert.equal(relayPause(handle()), undefined);
  });

  it('is over when its time has passed', () => {
    const db = handle();
    const pause = pauseRelay(db, 'ConnectionError: down', { baseMs: 10 });
    assert.equal(relayPause(db, pause.until), undefined);
    assert.equal(relayPause(db, pause.until - 1), pause);
  });
});
