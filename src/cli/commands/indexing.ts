import { InvalidArgumentError, type Command } from 'commander';
import { createDatabase, createRedis, type Clients } from '../../core/clients';
import { bumpIndexGeneration } from '../../core/index-generation';
import { createIndexingElasticsearch } from '../../core/clients';
import { formatCount, formatDuration } from '../../core/progress';
import { cleanupOutbox, relayOutbox } from '../../../indexers/outbox';
import { reconcile, type ReconcileReport } from '../../../indexers/reconcile/reconcile';
import { LockBusyError } from '../../core/advisory-lock';
import { decideIfMissing } from '../../../indexers/reindex/if-missing';
import { reindex } from '../../../indexers/reindex/reindex';
import { PRODUCT_INDEX_VERSION, indexTopology, productsAlias } from '../../core/product-index';
import { applyLiveTopology } from '../../../indexers/reindex/topology';
import { listRejectedDocuments } from '../../../indexers/rejected';
import { recomputeSignals } from '../../../indexers/signals/signals';
import { getIndexingStatus, servingIndex } from '../../../indexers/status/indexing-status';
import type { CliContext } from './context';

type IndexingClients = Pick<Clients, 'db' | 'es'>;

/**
 * `agora reindex`, `agora reconcile` and `agora index …`: the indexers run in
 * this process, so they work without a worker. Results go to stdout,
 * progress to stderr.
 */
export function registerIndexingCommands(program: Command, context: CliContext): void {
  const deps = (clients: IndexingClients) => ({ ...clients, config: context.config, logger: context.logger });

  program
    .command('reindex')
    .description('build a fresh products index from Postgres and swap the alias onto it (searches keep working)')
    .option('--batch-size <n>', 'products per _bulk request', positiveInt, 1000)
    .option('--concurrency <n>', '_bulk requests in flight', positiveInt, 2)
    .option('--replicas <n>', 'replicas once the new index serves (default: ELASTICSEARCH_REPLICAS)', nonNegativeInt)
    .option('--rebuild-documents', 'build every document from Postgres instead of reusing stored ones that are current')
    .option(
      '--if-missing',
      'do nothing when the products alias already points at an index built by this code version (what npm start uses)',
    )
    .action((options: { batchSize: number; concurrency: number; replicas?: number; rebuildDocuments?: boolean; ifMissing?: boolean }) =>
      withClients(context, async (clients) => {
        const alias = productsAlias(context.config.indexPrefix);
        if (options.ifMissing) {
          const decision = decideIfMissing(alias, await servingIndex(clients.es, alias), PRODUCT_INDEX_VERSION);
          print(decision.message);
          if (decision.action === 'keep') {
            // A kept index still gets the configured replicas and refresh interval.
            for (const note of await applyLiveTopology(clients.es, alias, indexTopology(context.config))) print(note);
            return;
          }
        }
        try {
          const s = await reindex(deps(clients), { ...options, reuseStoredDocuments: options.rebuildDocuments !== true });
          // Cached search results predate the new index.
          const redis = createRedis(context.config);
          await bumpIndexGeneration(redis, context.config.indexPrefix).finally(() => redis.quit());
          print(
            [
              `reindexed ${formatCount(s.documents)} products into ${s.index} in ${formatDuration(s.durationMs)} (${formatCount(s.docsPerSecond)} docs/s)`,
              `  ${formatCount(s.reused)} stored documents reused, ${formatCount(s.built)} built`,
              `  replayed ${formatCount(s.replayed)} changes made meanwhile; ${formatCount(s.rejected)} rejected${s.rejected > 0 ? ' (agora index rejected)' : ''}`,
              `  alias ${context.config.indexPrefix}-products → ${s.index}${s.previous.length > 0 ? ` (was ${s.previous.join(', ')})` : ''}`,
              ...(s.deleted.length > 0 ? [`  deleted old ${s.deleted.join(', ')}`] : []),
            ].join('\n'),
          );
        } catch (error) {
          if (error instanceof LockBusyError)
            throw new Error('another reindex is running; wait for it (agora index status)', { cause: error });
          throw error;
        }
      }),
    );

  program
    .command('reconcile')
    .description('compare Postgres with Elasticsearch by id and version and report the drift')
    .option('--repair', 'also fix what differs')
    .option('--json', 'print the report as JSON')
    .action((options: { repair?: boolean; json?: boolean }) =>
      withClients(context, async (clients) => {
        const report = await reconcile(deps(clients), { repair: options.repair === true });
        print(options.json ? JSON.stringify(report, null, 2) : formatReconcile(report));
        // A drift found and not repaired is a failure for scripts that check the exit code.
        if (!options.repair && Object.values(report.drift).some((n) => n > 0)) process.exitCode = 2;
      }),
    );

  const index = program.command('index').description('search index maintenance');
  index
    .command('status')
    .description('outbox depth, oldest pending change, last reindex, rejected documents, serving index')
    .action(() => withClients(context, async (clients) => print(JSON.stringify(await getIndexingStatus(deps(clients)), null, 2))));
  index
    .command('rejected')
    .description('list documents Elasticsearch refused, with the reason')
    .option('--limit <n>', 'how many', positiveInt, 100)
    .action((options: { limit: number }) =>
      withClients(context, async ({ db }) => {
        const rejected = await listRejectedDocuments(db, options.limit);
        if (rejected.length === 0) print('no rejected documents');
        for (const r of rejected)
          print(
            `${r.productId}\tv${r.version}\t${r.op}\t${r.status} ${r.errorType}\t${r.lastSeenAt.toISOString()}\t×${r.attempts}\t${r.reason}`,
          );
      }),
    );
  index
    .command('relay')
    .description('write pending outbox changes to Elasticsearch now, without a worker')
    .action(() =>
      withClients(context, async (clients) => {
        const total = { claimed: 0, written: 0, superseded: 0, rejected: 0 };
        for (;;) {
          const s = await relayOutbox(deps(clients));
          total.claimed += s.claimed;
          total.written += s.written;
          total.superseded += s.superseded;
          total.rejected += s.rejected;
          if (s.stopped.reason === 'budget') continue;
          if (s.stopped.reason === 'failed') {
            // The rows wait out a backoff; a worker (or this command, run again) picks them up then.
            print(`relay failed: ${formatCount(s.retried)} outbox changes handed back for a retry (${s.stopped.error})`);
            process.exitCode = 1;
            return;
          }
          if (s.skippedNoIndex) print('no products index yet: changes acknowledged, the first reindex loads them');
          break;
        }
        print(
          `relayed ${formatCount(total.claimed)} outbox changes: ${formatCount(total.written)} documents written, ` +
            `${formatCount(total.superseded)} already current, ${formatCount(total.rejected)} rejected${total.rejected > 0 ? ' (agora index rejected)' : ''}`,
        );
      }),
    );
  index
    .command('signals')
    .description('recompute popularity and trend now; changed products are re-indexed through the outbox')
    .action(() =>
      withClients(context, async ({ db }) => {
        const s = await recomputeSignals(db, { asOf: context.config.dataClock ?? null });
        print(`signals changed for ${formatCount(s.changed)} products (${formatCount(s.touched)} queued for re-indexing)`);
      }),
    );
  index
    .command('cleanup')
    .description('delete delivered outbox rows older than a day')
    .action(() => withClients(context, async ({ db }) => print(`deleted ${formatCount(await cleanupOutbox(db))} delivered outbox rows`)));
}

function formatReconcile(r: ReconcileReport): string {
  const lines = [`postgres ${formatCount(r.postgres)} indexable products, elasticsearch ${formatCount(r.elasticsearch)} documents`];
  for (const kind of ['missing', 'extra', 'stale', 'ahead'] as const) {
    lines.push(
      `  ${kind.padEnd(8)}${formatCount(r.drift[kind]).padStart(10)}${r.samples[kind].length > 0 ? `  e.g. ${r.samples[kind].join(', ')}` : ''}`,
    );
  }
  lines.push(`  in flight${formatCount(r.inFlight).padStart(9)}  (changes still in the outbox)`);
  if (r.repaired)
    lines.push(
      `repaired: ${r.repaired.written} written, ${r.repaired.deleted} deleted, ${r.repaired.bumped} re-queued, ${r.repaired.rejected} rejected`,
    );
  return lines.join('\n');
}

/** Creates the clients a command needs and always closes them, so the process can exit. */
async function withClients(context: CliContext, run: (clients: IndexingClients) => Promise<void>): Promise<void> {
  const clients = { db: createDatabase(context.config), es: createIndexingElasticsearch(context.config) };
  try {
    await run(clients);
  } finally {
    await Promise.allSettled([clients.es.close(), clients.db.destroy()]);
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function positiveInt(value: string): number {
  if (!/^[1-9]\d{0,6}$/.test(value)) throw new InvalidArgumentError('expected a positive whole number');
  return Number(value);
}

function nonNegativeInt(value: string): number {
  if (!/^\d{1,3}$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}
