import type { Knex } from 'knex';
import { z } from 'zod';
import { AppError, validationError } from '../core/errors';
import { identifier, parseInput } from '../core/validation';
import type { WeightOverrides } from '../../ranking/weights/category-weights';
import type { Actor } from './changes';
import { extraCellsProblem, repeatedColumn, toCsv } from './csv';
import type { PlannedItem } from './planned-item';
import { weightsInput } from './schemas';
import { deleteWeights, globalScope, loadWeights, putWeights } from './weights-repository';

/**
 * Import and export of the ranking formula's weights beside rules and
 * synonyms (./transfer.ts plans and applies; this file knows weights): one
 * item per scope, `global` or a category id, with the weights it overrides.
 * An item replaces its scope's overrides as PUT /weights does (no weights:
 * back to the scope above); scopes the file leaves out keep theirs. The dry
 * run names each weight that would change, before and after.
 */

export interface WeightsItem {
  scope: string;
  weights: WeightOverrides;
}

/** The weights in the order of weightsInput, which is the order the console and the CSV show them in. */
export const weightNames = Object.keys(weightsInput.shape) as Array<keyof WeightOverrides>;

const weightsItem = z.strictObject({ scope: identifier, weights: weightsInput });

export async function exportWeights(db: Knex): Promise<WeightsItem[]> {
  const table = await loadWeights(db);
  const categories = [...table.categories].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    ...(Object.keys(table.global).length > 0 ? [{ scope: globalScope, weights: table.global }] : []),
    ...categories.map(([scope, weights]) => ({ scope, weights })),
  ];
}

/** scope, then a column per weight; an empty cell: the scope does not set it. */
export function weightsToCsv(items: readonly WeightsItem[]): string {
  return toCsv([
    ['scope', ...weightNames],
    ...items.map((item) => [
      item.scope,
      ...weightNames.map((name) => (item.weights[name] === undefined ? '' : String(item.weights[name]))),
    ]),
  ]);
}

/** A weights file's item: its row, what it says, and what makes the row unreadable before any validation (a conflict). */
export interface WeightsRow {
  row: number;
  value: unknown;
  problem?: { field: string; message: string };
}

/** A number as a spreadsheet writes one, in decimals (not 0x10, 0b1, Infinity: Number() would read those too). */
const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * CSV rows (header first) as items; a cell that is not a decimal number stays text, so validation names its weight. A
 * column named twice is a 400 (which one would count?), a row with more cells than the header names columns a conflict
 * (an unquoted decimal comma, 1,5, would otherwise read as 1 and drop the 5).
 */
export function readWeightsCsv(header: string[] | undefined, body: string[][]): WeightsRow[] {
  const names = (header ?? []).map((h) => h.trim());
  const unknown = names.filter((n) => n !== 'scope' && !(weightNames as string[]).includes(n));
  if (!names.includes('scope') || unknown.length > 0)
    throw validationError(
      'content',
      `The first line must name the columns scope and any of ${weightNames.join(', ')}${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}.`,
    );
  const twice = repeatedColumn(names);
  if (twice !== undefined) throw validationError('content', `The first line names the column ${twice} twice.`);
  return body.map((row, i) => {
    const weights: Record<string, unknown> = {};
    names.forEach((name, j) => {
      const cell = (row[j] ?? '').trim();
      if (name === 'scope' || cell === '') return;
      weights[name] = decimal.test(cell) ? Number(cell) : cell;
    });
    const value = { scope: (row[names.indexOf('scope')] ?? '').trim(), weights };
    const problem = extraCellsProblem(row, names.length, i + 2);
    return problem ? { row: i + 2, value, problem } : { row: i + 2, value };
  });
}

export type PlannedWeights = PlannedItem<WeightsItem>;

/** What importing these items would do to each scope's weights; nothing is written. */
export async function planWeights(db: Knex, items: readonly WeightsRow[]): Promise<PlannedWeights[]> {
  const table = await loadWeights(db);
  const current = (scope: string): WeightOverrides | undefined =>
    scope === globalScope ? (Object.keys(table.global).length > 0 ? table.global : undefined) : table.categories.get(scope);
  const parsed = items.map(({ row, value, problem }) => {
    if (problem) return { row, error: new AppError('VALIDATION_FAILED', problem.message, problem.field) };
    try {
      return { row, item: parseInput(weightsItem, value) as WeightsItem };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { row, error };
    }
  });
  const scopes = parsed.flatMap((p) => (p.item && p.item.scope !== globalScope ? [p.item.scope] : []));
  // One array parameter, not one per scope: a file may name more scopes than a statement takes parameters (65,535).
  const known = new Set(
    scopes.length === 0
      ? []
      : ((await db('categories')
          .whereRaw('id = any(?::text[])', [[...new Set(scopes)]])
          .pluck('id')) as string[]),
  );
  const seen = new Map<string, number>();
  return parsed.map(({ row, item, error }): PlannedWeights => {
    if (!item) return { row, label: `row ${row}`, action: 'conflict', field: error!.field, message: error!.message };
    const label = item.scope === globalScope ? 'Every search (global)' : `Category ${item.scope}`;
    if (item.scope !== globalScope && !known.has(item.scope))
      return { row, label, action: 'conflict', field: 'scope', message: `There is no category ${item.scope}.` };
    if (seen.has(item.scope))
      return {
        row,
        label,
        action: 'conflict',
        field: 'scope',
        message: `The file sets ${label} twice (also row ${seen.get(item.scope)}).`,
      };
    seen.set(item.scope, row);
    const before = current(item.scope);
    const changes = weightNames
      .map((weight) => ({ weight, before: before?.[weight] ?? null, after: item.weights[weight] ?? null }))
      .filter((c) => c.before !== c.after);
    const action = changes.length === 0 ? 'unchanged' : before === undefined ? 'create' : 'update';
    return { row, label, action, existingId: item.scope, definition: item, changes };
  });
}

/** One audited write for a created or updated scope: its overrides replaced, or dropped when the file sets none. */
export async function applyWeights(db: Knex, actor: Actor, item: WeightsItem): Promise<string> {
  if (Object.keys(item.weights).length === 0) return (await deleteWeights(db, actor, item.scope)).stateVersion;
  return (await putWeights(db, actor, item.scope, item.weights)).stateVersion;
}
