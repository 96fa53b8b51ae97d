import type { Knex } from 'knex';
import { importRetailOrdersFile } from '../../../catalog/import/online-retail/import';
import { createProgress } from '../../../core/progress';

/** Where the evaluated history comes from. */
export type EvalSource = { kind: 'csv'; path: string } | { kind: 'database' };

/**
 * The tables a recommendation evaluation needs, parents first (foreign
 * keys): the catalogue, the customers, their orders and their events.
 */
const COPIED_TABLES = ['merchants', 'categories', 'brands', 'products', 'customers', 'orders', 'order_items', 'events'] as const;

/**
 * Fills the (migrated, empty) scratch schema: an Online Retail CSV through
 * `agora import orders`' importer, or a copy of the configured database's
 * catalogue and history (its current schema, read only). Returns a line
 * saying what was loaded.
 */
export async function loadSource(scratch: Knex, source: EvalSource, configured: Knex, quiet: boolean): Promise<string> {
  if (source.kind === 'csv') {
    const progress = () => createProgress({ label: 'eval: import orders', unit: 'rows', write: quiet ? () => undefined : undefined });
    const summary = await importRetailOrdersFile(scratch, source.path, { progress });
    return `imported ${source.path}: ${summary.rows} rows, ${summary.orders.imported} orders (${summary.orders.cancellations} cancellations, ${summary.orders.guest} guest), ${summary.orderLines} lines, ${summary.productsCreated} products, ${summary.customersCreated} customers; ${summary.nonProductRows} non-product and ${summary.badRows} bad rows left out`;
  }
  const [{ schema }] = (await configured.raw<{ rows: Array<{ schema: string }> }>('select current_schema() as schema')).rows;
  const counts: string[] = [];
  for (const table of COPIED_TABLES) {
    // Only the columns both sides have, by name: the configured database may be a migration behind or ahead.
    const { rows } = await scratch.raw<{ rows: Array<{ column_name: string }> }>(
      `select s.column_name from information_schema.columns s
         join information_schema.columns c on c.table_name = s.table_name and c.column_name = s.column_name and c.table_schema = ?
        where s.table_schema = current_schema() and s.table_name = ? order by s.ordinal_position`,
      [schema, table],
    );
    const columns = rows.map((r) => r.column_name);
    if (columns.length === 0) throw new Error(`the configured database has no table ${schema}.${table}`);
    const list = columns.map((c) => `"${c}"`).join(', ');
    const result = await scratch.raw<{ rowCount: number }>(`insert into ?? (${list}) select ${list} from ??.??`, [table, schema, table]);
    counts.push(`${result.rowCount} ${table}`);
  }
  return `copied from the configured database (schema ${schema}): ${counts.join(', ')}`;
}
