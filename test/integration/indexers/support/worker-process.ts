import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../../../src/core/config';
import { createDatabase } from '../../../../src/core/clients';
import { createIndexingElasticsearch } from '../../../../src/core/clients';
import { createLogger } from '../../../../src/core/logger';
import { startOutboxListener } from '../../../../jobs/outbox';
import { createQueue } from '../../../../jobs/queue/create-queue';
import { runJob } from '../../../../jobs/register';

/**
 * A worker process for the crash test, composed like jobs/worker.ts plus the
 * outbox listener. Everything comes from the environment (DATABASE_URL with
 * a search_path option, INDEX_PREFIX, QUEUE_PREFIX). `--bulk-delay-ms=N`
 * holds each relay batch for N ms after Elasticsearch accepted its writes
 * and before Postgres commits, and prints "bulk-written", so the test can
 * kill the process at exactly that point. `--report-applied` prints
 * `applied <op> <id> <version> <sentAt> <answeredAt>` (the _bulk's times, ms) for every write Elasticsearch accepted
 * (2xx, not a 409 for an older version), so a test can see what each of
 * several workers applied.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'crash-test-worker');
  const db = createDatabase(config);
  const es = createIndexingElasticsearch(config);
  const delayArg = process.argv.find((a) => a.startsWith('--bulk-delay-ms='));
  const delayMs = delayArg ? Number(delayArg.split('=')[1]) : 0;
  const reportApplied = process.argv.includes('--report-applied');
  if (delayMs > 0 || reportApplied) {
    // writeBulk sends prepared NDJSON through the transport: hook _bulk there.
    const transport = es.transport as unknown as {
      request: (params: { path?: string; bulkBody?: string | Buffer }, ...rest: unknown[]) => Promise<unknown>;
    };
    const request = transport.request.bind(transport);
    transport.request = async (params, ...rest) => {
      const sentAt = performance.now();
      const response = await request(params, ...rest);
      if (params.path?.endsWith('/_bulk')) {
        if (reportApplied)
          reportAcceptedWrites(String(params.bulkBody ?? ''), response as { items?: Array<Record<string, { status: number }>> }, {
            sentAt,
            answeredAt: performance.now(),
          });
        if (delayMs > 0) {
          process.stdout.write('bulk-written\n');
          await sleep(delayMs);
        }
      }
      return response;
    };
  }
  const queue = createQueue(config);
  const deps = { config, logger, es, db, queue };
  void queue.process(2, (job) => runJob(job.data, deps, job));
  await startOutboxListener({ db, queue, logger });
  process.stdout.write('ready\n');
}

/** Pairs the _bulk's action lines (an index action is followed by its document line) with the answer's items. */
function reportAcceptedWrites(
  ndjson: string,
  response: { items?: Array<Record<string, { status: number }>> },
  times: { sentAt: number; answeredAt: number },
): void {
  const lines = ndjson.split('\n').filter(Boolean);
  const actions: Array<{ op: string; id: string; version: number }> = [];
  for (let i = 0; i < lines.length; i += 1) {
    const action = JSON.parse(lines[i]!) as Record<string, { _id: string; version: number }>;
    const [op, meta] = Object.entries(action)[0]!;
    actions.push({ op, id: meta._id, version: meta.version });
    if (op === 'index') i += 1;
  }
  const out = (response.items ?? [])
    .map((item, k) => ({ status: Object.values(item)[0]!.status, action: actions[k]! }))
    .filter(({ status }) => status >= 200 && status < 300)
    .map(({ action }) => `applied ${action.op} ${action.id} ${action.version} ${times.sentAt.toFixed(3)} ${times.answeredAt.toFixed(3)}\n`);
  if (out.length > 0) process.stdout.write(out.join(''));
}

main().catch((error: unknown) => {
  process.stderr.write(`worker-process: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
