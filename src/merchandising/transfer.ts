import type { Knex } from 'knex';
import { AppError, validationError } from '../core/errors';
import { jsonProblem } from '../core/json-problem';
import { parseInput } from '../core/validation';
import type { Actor } from './changes';
import { extraCellsProblem, parseCsv, repeatedColumn, toCsv } from './csv';
import type { PlannedItem as PlannedImport } from './planned-item';
import { checkRuleReferences } from './references';
import { createRule, listRules, updateRule } from './rules-repository';
import type { StoredRuleDefinition as RuleDefinition } from './rules-repository';
import type { SynonymDefinition } from '../../ranking/synonyms/dictionary';
import { ruleInput, synonymInput } from './schemas';
import { createSynonym, listSynonyms, updateSynonym } from './synonyms-repository';
import {
  applyWeights,
  exportWeights,
  planWeights,
  readWeightsCsv,
  weightsToCsv,
  type WeightsItem,
  type WeightsRow,
} from './weights-transfer';

/**
 * Import and export of rules, synonyms and ranking weights, as JSON or CSV. An import is
 * planned first — each item created, updated, unchanged or in conflict, with
 * why — and applied only when nothing conflicts, each write audited like any
 * other. Rules are matched by name (case and spaces ignored); synonyms by
 * their terms (multi-way) or their input (one-way); weights by their scope
 * (./weights-transfer.ts).
 */

export type TransferKind = 'rules' | 'synonyms' | 'weights';
type Definition = RuleDefinition | SynonymDefinition | WeightsItem;
export type TransferFormat = 'json' | 'csv';

const ruleColumns = ['name', 'enabled', 'priority', 'conditions', 'actions'] as const;
/** Columns a file may leave out (files written before tags existed). */
const optionalRuleColumns = ['tags'] as const;
const synonymColumns = ['type', 'terms', 'input', 'synonyms', 'weight'] as const;
/** Lists inside one CSV cell (terms, synonyms): a character no term contains. */
const listSeparator = '|';

export async function exportDefinitions(db: Knex, kind: TransferKind): Promise<Definition[]> {
  if (kind === 'weights') return exportWeights(db);
  if (kind === 'rules') {
    const { rules } = await listRules(db, { limit: 100_000, offset: 0 });
    return rules.map((r) => ({
      name: r.name,
      enabled: r.enabled,
      priority: r.priority,
      conditions: r.conditions,
      actions: r.actions,
      tags: r.tags,
    }));
  }
  return (await listSynonyms(db)).map(({ id: _id, version: _v, updatedAt: _u, ...definition }) => definition as SynonymDefinition);
}

export function definitionsToCsv(kind: TransferKind, items: readonly Definition[]): string {
  if (kind === 'weights') return weightsToCsv(items as WeightsItem[]);
  if (kind === 'rules')
    return toCsv([
      [...ruleColumns, ...optionalRuleColumns],
      ...(items as RuleDefinition[]).map((r) => [
        r.name,
        String(r.enabled),
        String(r.priority),
        JSON.stringify(r.conditions ?? {}),
        JSON.stringify(r.actions),
        (r.tags ?? []).join(listSeparator),
      ]),
    ]);
  return toCsv([
    [...synonymColumns],
    ...(items as SynonymDefinition[]).map((s) =>
      s.type === 'multiway'
        ? ['multiway', s.terms.join(listSeparator), '', '', s.weight === undefined ? '' : String(s.weight)]
        : ['oneway', '', s.input, s.synonyms.join(listSeparator), s.weight === undefined ? '' : String(s.weight)],
    ),
  ]);
}

export type PlannedItem = PlannedImport<Definition>;

export interface ImportPlan {
  kind: TransferKind;
  items: PlannedItem[];
  summary: Record<PlannedItem['action'], number>;
}

/** The file's items as plain objects with their row numbers; a file that cannot be read at all is a 400 on `content`. */
function readItems(kind: TransferKind, format: TransferFormat, content: string): WeightsRow[] {
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw validationError('content', 'The file is not valid JSON.');
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as Record<string, unknown>)?.[kind];
    if (!Array.isArray(list)) throw validationError('content', `Give a JSON array of ${kind}, or an object with a "${kind}" array.`);
    return list.map((value, i) => ({ row: i + 1, value }));
  }
  let rows: string[][];
  try {
    rows = parseCsv(content);
  } catch (error) {
    throw validationError('content', `The CSV cannot be read: ${(error as Error).message}`);
  }
  const [header, ...body] = rows;
  if (kind === 'weights') return readWeightsCsv(header, body);
  const columns = kind === 'rules' ? ruleColumns : synonymColumns;
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const missing = columns.filter((c) => !names.includes(c) && !(kind === 'synonyms' && c !== 'type'));
  if (!header || missing.length > 0)
    throw validationError('content', `The first line must name the columns: ${columns.join(', ')} (missing: ${missing.join(', ')}).`);
  const twice = repeatedColumn(names);
  if (twice !== undefined) throw validationError('content', `The first line names the column ${twice} twice.`);
  const at = (row: string[], name: string) => {
    const i = names.indexOf(name);
    return i < 0 ? '' : (row[i] ?? '').trim();
  };
  return body.map((row, i): WeightsRow => {
    const item = csvItem(row, i + 2);
    const problem = extraCellsProblem(row, names.length, i + 2);
    return problem ? { ...item, problem } : item;
  });

  function csvItem(row: string[], line: number): WeightsRow {
    if (kind === 'rules') {
      const json = (name: string) => {
        const text = at(row, name);
        if (text === '') return name === 'conditions' ? {} : undefined;
        try {
          return JSON.parse(text);
        } catch {
          return { __invalid: name };
        }
      };
      const enabled = at(row, 'enabled').toLowerCase();
      const priority = at(row, 'priority');
      return {
        row: line,
        value: {
          name: at(row, 'name'),
          enabled:
            enabled === ''
              ? undefined
              : ['true', 'yes', '1'].includes(enabled)
                ? true
                : ['false', 'no', '0'].includes(enabled)
                  ? false
                  : enabled,
          priority: priority === '' ? undefined : Number.isFinite(Number(priority)) ? Number(priority) : priority,
          conditions: json('conditions'),
          actions: json('actions'),
          ...(names.includes('tags')
            ? {
                tags: at(row, 'tags')
                  .split(listSeparator)
                  .map((t) => t.trim())
                  .filter(Boolean),
              }
            : {}),
        },
      };
    }
    const list = (name: string) =>
      at(row, name)
        .split(listSeparator)
        .map((t) => t.trim())
        .filter(Boolean);
    const weight = at(row, 'weight');
    const type = at(row, 'type').toLowerCase();
    const common = { type, ...(weight === '' ? {} : { weight: Number.isFinite(Number(weight)) ? Number(weight) : weight }) };
    return {
      row: line,
      value: type === 'oneway' ? { ...common, input: at(row, 'input'), synonyms: list('synonyms') } : { ...common, terms: list('terms') },
    };
  }
}

const key = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');
const synonymKey = (s: SynonymDefinition) =>
  s.type === 'multiway' ? `multiway:${s.terms.map(key).sort().join('|')}` : `oneway:${key(s.input)}`;
/** Equal as data: object keys in any order (the database's JSON and a file's need not agree on it). */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, canonical(v)]),
  );
}
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** What importing would do, item by item; nothing is written. */
export async function planImport(db: Knex, kind: TransferKind, format: TransferFormat, content: string): Promise<ImportPlan> {
  // The API's edge checks a body once (api/middleware/input-guard.ts), and sees a file only as one string: what its JSON
  // escapes decode to (\u0000, a lone surrogate, nesting thousands deep) gets the same check here, item by item.
  const items = readItems(kind, format, content).map((item): WeightsRow => {
    const problem = item.problem ?? jsonProblem(item.value);
    return problem ? { ...item, problem } : item;
  });
  const planned: PlannedItem[] = [];
  const seen = new Map<string, number>();
  if (kind === 'weights') planned.push(...(await planWeights(db, items)));
  else if (kind === 'rules') {
    const { rules } = await listRules(db, { limit: 100_000, offset: 0 });
    const byName = new Map<string, typeof rules>();
    for (const r of rules) byName.set(key(r.name), [...(byName.get(key(r.name)) ?? []), r]);
    for (const { row, value, problem } of items) {
      if (problem) {
        planned.push({ row, label: `row ${row}`, action: 'conflict', ...problem });
        continue;
      }
      const label = typeof (value as { name?: unknown })?.name === 'string' ? (value as { name: string }).name : `row ${row}`;
      const invalid = (value as { conditions?: { __invalid?: string }; actions?: { __invalid?: string } }) ?? {};
      const badJson = invalid.conditions?.__invalid ?? invalid.actions?.__invalid;
      if (badJson) {
        planned.push({ row, label, action: 'conflict', field: badJson, message: `The ${badJson} cell is not valid JSON.` });
        continue;
      }
      let rule: RuleDefinition;
      try {
        rule = parseInput(ruleInput, value);
        await checkRuleReferences(db, rule);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        planned.push({ row, label, action: 'conflict', field: error.field, message: error.message });
        continue;
      }
      const k = key(rule.name);
      if (seen.has(k)) {
        planned.push({
          row,
          label,
          action: 'conflict',
          field: 'name',
          message: `The file names “${rule.name}” twice (also row ${seen.get(k)}).`,
        });
        continue;
      }
      seen.set(k, row);
      const existing = byName.get(k) ?? [];
      if (existing.length > 1) {
        planned.push({
          row,
          label,
          action: 'conflict',
          field: 'name',
          message: `${existing.length} rules are named “${rule.name}”: rename all but one first.`,
        });
        continue;
      }
      const current = existing[0];
      // A file without tags (written before they existed) keeps the rule's own.
      if (current && !(value !== null && typeof value === 'object' && 'tags' in value)) rule = { ...rule, tags: current.tags };
      if (!current) planned.push({ row, label, action: 'create', definition: rule });
      else {
        const now = {
          name: current.name,
          enabled: current.enabled,
          priority: current.priority,
          conditions: current.conditions,
          actions: current.actions,
          tags: current.tags,
        };
        planned.push({ row, label, action: same(now, rule) ? 'unchanged' : 'update', existingId: current.id, definition: rule });
      }
    }
  } else {
    const existing = new Map((await listSynonyms(db)).map((s) => [synonymKey(s as SynonymDefinition), s]));
    for (const { row, value, problem } of items) {
      if (problem) {
        planned.push({ row, label: `row ${row}`, action: 'conflict', ...problem });
        continue;
      }
      let synonym: SynonymDefinition;
      try {
        synonym = parseInput(synonymInput, value);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        planned.push({ row, label: `row ${row}`, action: 'conflict', field: error.field, message: error.message });
        continue;
      }
      const label = synonym.type === 'multiway' ? synonym.terms.join(' ⇄ ') : `${synonym.input} → ${synonym.synonyms.join(', ')}`;
      const k = synonymKey(synonym);
      if (seen.has(k)) {
        planned.push({ row, label, action: 'conflict', message: `The file has this synonym twice (also row ${seen.get(k)}).` });
        continue;
      }
      seen.set(k, row);
      const current = existing.get(k);
      if (!current) planned.push({ row, label, action: 'create', definition: synonym });
      else {
        const { id, version: _v, updatedAt: _u, ...now } = current;
        planned.push({ row, label, action: same(now, synonym) ? 'unchanged' : 'update', existingId: id, definition: synonym });
      }
    }
  }
  const summary = { create: 0, update: 0, unchanged: 0, conflict: 0 };
  for (const item of planned) summary[item.action]++;
  return { kind, items: planned, summary };
}

/**
 * Imports a file: planned and applied in one transaction that first takes the merchandising state's row lock (the lock
 * every audited write takes, ./changes.ts). Imports sent at once therefore run one after the other, each planned against
 * what the one before wrote (the same new rule sent twice is created once, not twice), and a file lands whole or not at
 * all (a write refused half-way, or a conflict, leaves nothing of it).
 */
export async function importFile(
  db: Knex,
  actor: Actor,
  kind: TransferKind,
  format: TransferFormat,
  content: string,
): Promise<{ plan: ImportPlan; versions: string[] }> {
  return db.transaction(async (trx) => {
    await trx('merchandising_state').where({ id: 1 }).forUpdate().first('id');
    const plan = await planImport(trx, kind, format, content);
    return { plan, versions: await applyImport(trx, actor, plan) };
  });
}

/** Applies a plan without conflicts: one audited write per created or updated item; returns the state versions written. */
async function applyImport(db: Knex, actor: Actor, plan: ImportPlan): Promise<string[]> {
  if (plan.summary.conflict > 0)
    throw new AppError(
      'CONFLICT',
      `${plan.summary.conflict} item(s) conflict: fix the file (the dry run lists them) and import again.`,
      'content',
    );
  const versions: string[] = [];
  for (const item of plan.items) {
    if (item.action !== 'create' && item.action !== 'update') continue;
    if (plan.kind === 'weights') versions.push(await applyWeights(db, actor, item.definition as WeightsItem));
    else if (plan.kind === 'rules') {
      const rule = item.definition as RuleDefinition;
      const done = item.action === 'create' ? await createRule(db, actor, rule) : await updateRule(db, actor, item.existingId!, rule);
      versions.push(done.stateVersion);
    } else {
      const synonym = item.definition as SynonymDefinition;
      const done =
        item.action === 'create' ? await createSynonym(db, actor, synonym) : await updateSynonym(db, actor, item.existingId!, synonym);
      versions.push(done.stateVersion);
    }
  }
  return versions;
}
