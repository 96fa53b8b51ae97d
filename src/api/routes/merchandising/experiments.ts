import Router from '@koa/router';
import { bigintId, parseInput } from '../../../core/validation';
import { publishVariant, variantToPromote } from '../../../experiments/promote';
import {
  createExperiment,
  getExperiment,
  listExperiments,
  markPromoted,
  startExperiment,
  stopExperiment,
} from '../../../experiments/repository';
import { experimentResults } from '../../../experiments/results';
import { experimentInput, promoteInput } from '../../../experiments/schemas';
import { checkVariants } from '../../../experiments/validate';
import type { AppState } from '../../context/state';
import { actor, type MerchandisingRouteDeps } from './deps';

const experimentId = bigintId('Experiment');

/**
 * A/B experiments on merchandising (issue 21): create, start, stop, read
 * results, promote the winner. Starting and stopping reach every API process
 * within a second (the experiment store); results are computed from the
 * search log and events when asked.
 */
export function experimentRoutes({ db, store, clock, experiments }: MerchandisingRouteDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/v1/merchandising/experiments' });
  router.get('/', async (ctx) => {
    ctx.body = { experiments: await listExperiments(db) };
  });
  router.post('/', async (ctx) => {
    const input = parseInput(experimentInput, ctx.request.body);
    await checkVariants(db, (await store.snapshot()).data, input);
    const { experiment, stateVersion } = await createExperiment(db, actor(ctx), input);
    await experiments.changed(stateVersion);
    ctx.status = 201;
    ctx.body = experiment;
  });
  router.get('/:id', async (ctx) => {
    ctx.body = await getExperiment(db, parseInput(experimentId, ctx.params.id, 'id'));
  });
  router.post('/:id/start', async (ctx) => {
    const { experiment, stateVersion } = await startExperiment(db, parseInput(experimentId, ctx.params.id, 'id'), new Date(clock()));
    await experiments.changed(stateVersion);
    ctx.body = experiment;
  });
  router.post('/:id/stop', async (ctx) => {
    const { experiment, stateVersion } = await stopExperiment(db, parseInput(experimentId, ctx.params.id, 'id'), new Date(clock()));
    await experiments.changed(stateVersion);
    ctx.body = experiment;
  });
  router.get('/:id/results', async (ctx) => {
    const experiment = await getExperiment(db, parseInput(experimentId, ctx.params.id, 'id'));
    ctx.body = await experimentResults(db, experiment, new Date(clock()));
  });
  router.post('/:id/promote', async (ctx) => {
    const id = parseInput(experimentId, ctx.params.id, 'id');
    const input = parseInput(promoteInput, ctx.request.body ?? {});
    let experiment = await getExperiment(db, id);
    const index = variantToPromote(experiment, await experimentResults(db, experiment, new Date(clock())), input);
    if (experiment.status === 'running') {
      // Stopped first: shoppers stop being split before the variant becomes everyone's.
      const stopped = await stopExperiment(db, id, new Date(clock()));
      await experiments.changed(stopped.stateVersion);
      experiment = stopped.experiment;
    }
    // One transaction (each write a savepoint in it, audited as usual): a write that fails halfway publishes none of the variant.
    const stopped = experiment;
    const { merchandisingVersion, promoted } = await db.transaction(async (trx) => ({
      merchandisingVersion: await publishVariant(trx, actor(ctx), stopped, index),
      promoted: await markPromoted(trx, id, stopped.variants[index]!.name),
    }));
    if (merchandisingVersion !== null) await store.changed(merchandisingVersion);
    await experiments.changed(promoted.stateVersion);
    ctx.body = { experiment: promoted.experiment, merchandisingVersion };
  });
  return router;
}
