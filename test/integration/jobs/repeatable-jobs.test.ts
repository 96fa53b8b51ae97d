import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createQueue, type AgoraQueue } from '../../../jobs/queue/create-queue';
import { createTestEnvironment, type TestEnvironment } from '../../support/environment';

const workerScript = path.join(__dirname, '../../../jobs/worker.ts');
const repeatableTypes = ['index.signals', 'index.status', 'outbox.cleanup', 'recs.train', 'search.popular-queries'];

/** #22: an emptied Redis lost every repeatable job until a worker restart. The real worker process, on this file's queue prefix. */
describe('repeatable jobs after Redis loses them (real worker process, Redis, Postgres)', () => {
  let env: TestEnvironment;
  let queue: AgoraQueue;
  let worker: ChildProcess | null = null;

  const registered = async () => (await queue.getRepeatableJobs()).map((r) => r.id).sort();
  const waitForAll = async (withinMs: number) => {
    const deadline = Date.now() + withinMs;
    let ids = await registered();
    while (ids.length < repeatableTypes.length && Date.now() < deadline) {
      await sleep(100);
      ids = await registered();
    }
    return ids;
  };

  before(async () => {
    env = await createTestEnvironment();
    queue = createQueue(env.config);
    const url = new URL(env.config.databaseUrl);
    url.searchParams.set('options', `-csearch_path=${env.schema}`);
    worker = spawn(process.execPath, ['--require', 'tsx/cjs', workerScript], {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        INDEX_PREFIX: env.config.indexPrefix,
        QUEUE_PREFIX: env.config.queuePrefix,
        REPEATABLE_JOBS_CHECK_MS: '300',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  });
  after(async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker!.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await queue?.close();
    await env?.cleanup();
  });

  it('registers every repeatable job again within seconds of Redis losing them, without a restart', async () => {
    assert.deepEqual(await waitForAll(30_000), repeatableTypes, 'the worker registers them at start');
    // Redis restarted empty, as far as this queue is concerned: every key under its prefix gone.
    const keys = await env.redis.keys(`${env.config.queuePrefix}:*`);
    assert.ok(keys.length > 0);
    await env.redis.del(...keys);
    assert.deepEqual(await registered(), []);
    assert.deepEqual(await waitForAll(5000), repeatableTypes);
    assert.equal(worker!.exitCode, null, 'the worker kept running');
  });

  it('re-adds a single schedule removed by hand', async () => {
    const signals = (await queue.getRepeatableJobs()).find((r) => r.id === 'index.signals')!;
    await queue.removeRepeatableByKey(signals.key);
    assert.ok(!(await registered()).includes('index.signals'));
    assert.deepEqual(await waitForAll(5000), repeatableTypes);
  });
});
