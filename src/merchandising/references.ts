import type { Knex } from 'knex';
import { validationError } from '../core/errors';
import type { ProductFilter, RuleDefinition } from '../../ranking/rules/types';

type Table = 'products' | 'categories' | 'brands' | 'merchants';

interface Reference {
  table: Table;
  id: string;
  field: string;
}

const label: Record<Table, string> = { products: 'product', categories: 'category', brands: 'brand', merchants: 'merchant' };

function filterReferences(filter: ProductFilter, at: string): Reference[] {
  return [
    ...(filter.productIds ?? []).map((id, i) => ({ table: 'products' as const, id, field: `${at}.productIds[${i}]` })),
    ...(filter.brandIds ?? []).map((id, i) => ({ table: 'brands' as const, id, field: `${at}.brandIds[${i}]` })),
    ...(filter.categoryIds ?? []).map((id, i) => ({ table: 'categories' as const, id, field: `${at}.categoryIds[${i}]` })),
    ...(filter.merchantIds ?? []).map((id, i) => ({ table: 'merchants' as const, id, field: `${at}.merchantIds[${i}]` })),
  ];
}

/** Every catalog id a rule names, with the field that names it, in document order. */
export function ruleReferences(rule: RuleDefinition, root = ''): Reference[] {
  const prefix = root === '' ? '' : `${root}.`;
  const refs: Reference[] = [];
  if (rule.conditions.category)
    refs.push({ table: 'categories', id: rule.conditions.category.id, field: `${prefix}conditions.category.id` });
  rule.actions.forEach((action, i) => {
    const at = `${prefix}actions[${i}]`;
    if (action.type === 'pin')
      action.pins.forEach((p, j) => refs.push({ table: 'products', id: p.productId, field: `${at}.pins[${j}].productId` }));
    if (action.type === 'hide') action.productIds.forEach((id, j) => refs.push({ table: 'products', id, field: `${at}.productIds[${j}]` }));
    if (action.type === 'boost' || action.type === 'bury' || action.type === 'filter')
      refs.push(...filterReferences(action.filter, `${at}.filter`));
  });
  return refs;
}

/**
 * Refuses references to products (deleted ones included) and categories,
 * brands or merchants that do not exist: a rule pinning a typo would
 * otherwise do nothing, silently. One query per table.
 */
export async function checkReferences(db: Knex, refs: readonly Reference[]): Promise<void> {
  const wanted = new Map<Table, Set<string>>();
  for (const ref of refs) (wanted.get(ref.table) ?? wanted.set(ref.table, new Set()).get(ref.table)!).add(ref.id);
  const known = new Map<Table, Set<string>>();
  await Promise.all(
    [...wanted].map(async ([table, ids]) => {
      const query = db(table).whereIn('id', [...ids]);
      if (table === 'products') query.whereNot({ status: 'deleted' });
      known.set(table, new Set((await query.pluck('id')) as string[]));
    }),
  );
  const missing = refs.find((ref) => !known.get(ref.table)!.has(ref.id));
  if (missing) throw validationError(missing.field, `Unknown ${label[missing.table]} "${missing.id}".`);
}

export async function checkRuleReferences(db: Knex, rule: RuleDefinition, root = ''): Promise<void> {
  await checkReferences(db, ruleReferences(rule, root));
}

export async function checkCategoryIds(db: Knex, ids: readonly string[], fieldOf: (id: string) => string): Promise<void> {
  await checkReferences(
    db,
    ids.map((id) => ({ table: 'categories', id, field: fieldOf(id) })),
  );
}
