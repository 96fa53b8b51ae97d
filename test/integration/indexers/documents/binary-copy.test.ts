import assert from 'node:assert/strict';
import knex, { type Knex } from 'knex';
import { copyRowsBinary, type BinaryRowView } from '../../../../indexers/documents/binary-copy';
import { loadConfig } from '../../../../src/core/config';

/** Rows streamed by copyRowsBinary, each field decoded as text. */
async function copyText(db: Knex, sql: string, bindings: Knex.Value[] = []): Promise<Array<Array<string | null>>> {
  const rows: Array<Array<string | null>> = [];
  await copyRowsBinary(db, sql, bindings, (row: BinaryRowView) => {
    const fields: Array<string | null> = [];
    for (let i = 0; i < row.fields; i++) fields.push(row.starts[i] === -1 ? null : row.data.toString('utf8', row.starts[i], row.ends[i]));
    rows.push(fields);
  });
  return rows;
}

describe('binary COPY through node-postgres (real Postgres)', () => {
  // One connection: a COPY that left it in a bad state would break the next query.
  let db: Knex;
  before(() => {
    db = knex({ client: 'pg', connection: loadConfig().databaseUrl, pool: { min: 1, max: 1 } });
  });
  after(async () => {
    await db?.destroy();
  });

  it('streams the same rows a query returns, rows larger than a socket read included', async () => {
    const sql = `select i::text as id, case when i = 7 then repeat('大', 100000) else repeat('x' || i, i * 40) end as body, nullif(i % 5, 0)::text as maybe
                 from generate_series(1, 300) i where i > ?`;
    const expected = (await db.raw<{ rows: Array<Record<string, string | null>> }>(sql, [0])).rows.map((r) => [
      r.id!,
      r.body!,
      r.maybe ?? null,
    ]);
    const streamed = await copyText(db, sql, [0]);
    assert.equal(streamed.length, 300);
    assert.deepEqual(streamed, expected);
    assert.equal(streamed[6]![1]!.length, 100000, 'a 300 kB row arrives whole');
  });

  it('reports a query that fails part way, and the connection serves the next query', async () => {
    await assert.rejects(copyText(db, 'select i, 1 / (i - 150) from generate_series(1, 300) i'), /division by zero/);
    assert.deepEqual((await db.raw('select 41 + 1 as answer')).rows, [{ answer: 42 }]);
  });

  it('reports an error thrown while reading rows after the COPY has run out, and the connection serves the next query', async () => {
    let seen = 0;
    await assert.rejects(
      copyRowsBinary(db, 'select i from generate_series(1, 5000) i', [], () => {
        seen += 1;
        if (seen === 10) throw new Error('reader gave up');
      }),
      /reader gave up/,
    );
    assert.equal(seen, 10, 'no row after the error');
    assert.deepEqual(await copyText(db, 'select 1 as one'), [['\u0000\u0000\u0000\u0001']]);
  });

  it('honours a query_timeout: the COPY ends for its caller, no row is handed over after, and the connection serves the next query', async () => {
    const timed = knex({
      client: 'pg',
      connection: { connectionString: loadConfig().databaseUrl, query_timeout: 300 },
      pool: { min: 1, max: 1 },
    });
    try {
      // Quick enough: resolves, and the timer node-postgres started is cleared (a late timeout would fail the next COPY).
      assert.deepEqual(await copyText(timed, 'select 1::text'), [['1']]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.deepEqual(await copyText(timed, 'select 2::text'), [['2']]);

      let rows = 0;
      const slow = copyRowsBinary(
        timed,
        'select i, pg_sleep(case when i = 3 then 1 else 0 end) from generate_series(1, 5) i',
        [],
        () => void (rows += 1),
      );
      await assert.rejects(slow, /timeout/i);
      const atRejection = rows;
      await new Promise((resolve) => setTimeout(resolve, 1200));
      assert.equal(rows, atRejection, 'rows arriving after the timeout are not handed over');
      assert.deepEqual((await timed.raw('select 3 as three')).rows, [{ three: 3 }]);
    } finally {
      await timed.destroy();
    }
  });
});
