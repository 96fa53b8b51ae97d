import type { Knex } from 'knex';
import { AppError } from '../core/errors';
import type { Actor } from '../merchandising/changes';
import { createRule, deleteRule, updateRule } from '../merchandising/rules-repository';
import { createSynonym } from '../merchandising/synonyms-repository';
import { globalScope, putWeights } from '../merchandising/weights-repository';
import type { Experiment } from './repository';
import type { ExperimentResults } from './results';

/** Which variant to publish: the verdict's winner, or one named with `force` when the verdict names none or another. */
export function variantToPromote(experiment: Experiment, results: ExperimentResults, input: { variant?: string; force: boolean }): number {
  if (experiment.aa)
    throw new AppError('CONFLICT', 'An A/A experiment has nothing to promote: every variant is the live configuration.', 'variant');
  if (experiment.promotedVariant !== null)
    throw new AppError('CONFLICT', `Variant ${experiment.promotedVariant} of experiment ${experiment.id} is already promoted.`, 'variant');
  if (experiment.status === 'draft') throw new AppError('CONFLICT', `Experiment ${experiment.id} has not run.`, 'status');
  const name = input.variant ?? results.verdict.winner;
  if (name === null)
    throw new AppError(
      'CONFLICT',
      `No winner to promote: ${results.verdict.message} Name a variant and set force to publish it anyway.`,
      'variant',
    );
  const index = experiment.variants.findIndex((v) => v.name === name);
  if (index < 0) throw new AppError('VALIDATION_FAILED', `Experiment ${experiment.id} has no variant "${name}".`, 'variant');
  if (index === 0) throw new AppError('CONFLICT', `${name} is the control: it already is the live configuration.`, 'variant');
  if (name !== results.verdict.winner && !input.force)
    throw new AppError(
      'CONFLICT',
      `${name} is not the verdict's winner (${results.verdict.message}) Set force to publish it anyway.`,
      'force',
    );
  return index;
}

/**
 * Publishes a variant's drafts through the merchandising writes, one audited
 * change each (merchandising_changes, with the actor): the rules, synonyms and
 * weights it changed keep their version history, so each change can be rolled
 * back like any other. Returns the last merchandising state version.
 */
export async function publishVariant(db: Knex, actor: Actor, experiment: Experiment, index: number): Promise<string | null> {
  const variant = experiment.variants[index]!;
  let stateVersion: string | null = null;
  const track = (written: { stateVersion: string }) => {
    stateVersion = written.stateVersion;
  };
  for (const id of variant.removedRuleIds ?? []) track(await deleteRule(db, actor, id));
  for (const { id, ...rule } of variant.draftRules ?? [])
    track(id === undefined ? await createRule(db, actor, rule) : await updateRule(db, actor, id, rule));
  if (variant.draftWeights?.global) track(await putWeights(db, actor, globalScope, variant.draftWeights.global));
  for (const [scope, weights] of Object.entries(variant.draftWeights?.categories ?? {})) track(await putWeights(db, actor, scope, weights));
  for (const synonym of variant.draftSynonyms ?? []) track(await createSynonym(db, actor, synonym));
  return stateVersion;
}
