import assert from 'node:assert/strict';
import type { Context } from 'koa';
import { errors as esErrors } from '@elastic/elasticsearch';
import { errorMiddleware } from '../../../../src/api/middleware/errors';

/** The error the Elasticsearch client throws for an answer with this status (body as a secured cluster's). */
const elasticsearchAnswered = (statusCode: number) =>
  new esErrors.ResponseError({
    statusCode,
    body: { error: { type: 'security_exception', reason: 'unable to authenticate with provided credentials' }, status: statusCode },
    headers: {},
    warnings: null,
    meta: {} as never,
  });

/** The status and error code the middleware answers when the route throws `error`. */
async function answerTo(error: unknown): Promise<{ status: number; code: string }> {
  const headers: Record<string, string> = {};
  const ctx = {
    set: (name: string, value: string) => {
      headers[name] = value;
    },
    status: 200,
    body: undefined as unknown,
    method: 'GET',
    path: '/v1/search',
    state: { requestId: 'r-1', log: { error: () => undefined, warn: () => undefined } },
  };
  await errorMiddleware()(ctx as unknown as Context, () => Promise.reject(error));
  return { status: ctx.status, code: (ctx.body as { error: { code: string } }).error.code };
}

describe('the error middleware', () => {
  it('answers 503 DATABASE_UNAVAILABLE when Postgres is down, shutting down or out of connections (#22: these were 500s)', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED' });
    const shuttingDown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const poolTimeout = Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' });
    for (const error of [refused, shuttingDown, poolTimeout])
      assert.deepEqual(await answerTo(error), { status: 503, code: 'DATABASE_UNAVAILABLE' });
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After when Postgres gives up on a statement: statement, lock or idle timeout (#22)', async () => {
    for (const code of ['57014', '55P03', '25P03']) {
      const headers: Record<string, string> = {};
      const ctx = {
        status: 200,
        body: undefined as unknown,
        set: (name: string, value: string) => {
          headers[name] = value;
        },
        state: { requestId: 'r-1', log: { error: () => undefined, warn: () => undefined } },
      };
      await errorMiddleware()(ctx as unknown as Context, () => Promise.reject(Object.assign(new Error('canceled'), { code })));
      assert.equal(ctx.status, 503, code);
      assert.equal((ctx.body as { error: { code: string } }).error.code, 'DATABASE_UNAVAILABLE', code);
      assert.equal(headers['Retry-After'], '1', code);
    }
  });

  it('answers 503 when Postgres died under a connection in use: pg reports it without a code (the chaos run saw 500s mid-COMMIT)', async () => {
    for (const message of ['Client has encountered a connection error and is not queryable', 'Connection terminated unexpectedly'])
      assert.deepEqual(await answerTo(new Error(message)), { status: 503, code: 'DATABASE_UNAVAILABLE' }, message);
  });

  it('answers 503 for the same errors from a knex query, which prefixes the SQL (the outage test saw a 500 for "BEGIN; - Connection terminated unexpectedly")', async () => {
    for (const message of [
      'BEGIN; - Connection terminated unexpectedly',
      'select * from "products" where "id" = $1 - Client has encountered a connection error and is not queryable',
    ])
      assert.deepEqual(await answerTo(new Error(message)), { status: 503, code: 'DATABASE_UNAVAILABLE' }, message);
    // The words inside a query's text are not a broken connection.
    assert.deepEqual(await answerTo(new Error("select 'Connection terminated' - syntax error")), { status: 500, code: 'INTERNAL' });
  });

  it("answers 503 ELASTICSEARCH_UNAUTHORIZED when Elasticsearch refuses Agora's credentials or their privileges (#22: a 500 before)", async () => {
    for (const statusCode of [401, 403])
      assert.deepEqual(
        await answerTo(elasticsearchAnswered(statusCode)),
        { status: 503, code: 'ELASTICSEARCH_UNAUTHORIZED' },
        String(statusCode),
      );
    // Elasticsearch's other answers keep their meaning.
    assert.deepEqual(await answerTo(elasticsearchAnswered(400)), { status: 400, code: 'SEARCH_REJECTED' });
    assert.deepEqual(await answerTo(elasticsearchAnswered(503)), { status: 503, code: 'SEARCH_UNAVAILABLE' });
  });

  it('keeps other failures a plain 500', async () => {
    assert.deepEqual(await answerTo(new Error('a bug')), { status: 500, code: 'INTERNAL' });
    assert.deepEqual(await answerTo(Object.assign(new Error('syntax'), { code: '42601' })), { status: 500, code: 'INTERNAL' });
  });
});
