import type { Knex } from 'knex';
import { useBackgroundLane } from '../../indexers/outbox';
import { csrRow, csrRowWeights, type Csr, type WeightedCsr } from './csr';

/** A trained model in index space, as the parts returned it. */
export interface TrainedModel {
  /** Product id of each item index. */
  itemIds: readonly string[];
  alsoBought: Csr;
  viewedIndicators: Csr;
  cartedIndicators: Csr;
  boughtTogether: Csr;
  /** EASE: per product, the products it speaks for with their weights. */
  ease: WeightedCsr;
  /** LLR, per history product and kind: the products it is an indicator for, with the strength. */
  llr: Record<LlrKind, WeightedCsr>;
  /** NaN: no recent activity. */
  trending: Float64Array;
  purchasers: Int32Array;
}

export const llrKinds = ['bought', 'viewed', 'carted'] as const;
export type LlrKind = (typeof llrKinds)[number];

/** Weighted rows stored as `<name>_items text[]` and `<name>_weights real[]`. */
const weightedColumns = ['ease', ...llrKinds.map((kind) => `llr_${kind}` as const)] as const;

export interface StoreOptions {
  modelVersion: number;
  /** Smallest change of a trending value worth rewriting a document for. */
  trendingTolerance: number;
  /** Smallest relative change of an EASE weight worth rewriting a document for. */
  easeTolerance: number;
  /** Rows per staging insert, and products written per transaction. @default 2000 */
  batchSize?: number;
}

export interface StoreSummary {
  /** Products whose stored lists or scores changed (new rows included). */
  changed: number;
  /** Products that had lists and now have none. */
  cleared: number;
  /** Products whose version was bumped, so the outbox relay rewrites their documents. */
  touched: number;
}

interface StageRow {
  product_id: string;
  also_bought: string[];
  bought_together: string[];
  viewed_indicators: string[];
  carted_indicators: string[];
  ease_items: string[];
  ease_weights: number[];
  llr_bought_items: string[];
  llr_bought_weights: number[];
  llr_viewed_items: string[];
  llr_viewed_weights: number[];
  llr_carted_items: string[];
  llr_carted_weights: number[];
  trending: number | null;
  purchasers: number;
}

const weightedDefs = (types: { items: string; weights: string }) =>
  weightedColumns.map((c) => `${c}_items ${types.items}, ${c}_weights ${types.weights}`).join(', ');
const weightedNames = weightedColumns.map((c) => `${c}_items, ${c}_weights`).join(', ');

/**
 * True when a stored weighted row differs from the staged one: another
 * product set, or a weight that moved by more than the tolerance (order
 * alone is not a change). Every new order nudges most weights a little, so
 * without the tolerance each run would re-index nearly all of the head.
 */
const weightedRowMoved = (column: string) => `exists (
  select 1 from unnest(r.${column}_items, r.${column}_weights) as o(item, w)
  full join unnest(s.${column}_items, s.${column}_weights) as n(item, w) on n.item = o.item
  where o.item is null or n.item is null or abs(o.w - n.w) > :easeTolerance * greatest(abs(o.w), abs(n.w)))`;

/**
 * Writes a model, touching only what changed: the new rows go to a temporary
 * table, one statement finds those that differ from what is stored (a
 * trending value only past the tolerance) and the products that lost every
 * list; then those are written and their versions bumped `batchSize` products
 * per transaction, in the outbox's background lane (indexers/outbox/lanes.ts).
 * (#22: one transaction rewrote 79k products for 26 s, holding their locks
 * while merchants' writes hung, and queued them all ahead of those writes.) A
 * run that dies midway leaves the rest for the next one, which finds them
 * still changed.
 *
 * Documents are updated by that version bump (the products trigger writes an
 * outbox row and the relay rewrites the whole document from Postgres), not
 * by partial `_update`s: an `_update` cannot carry an external version and
 * raises the document's `_version` by one, so a later real change with that
 * version number would be refused as stale, and a reindex running meanwhile
 * could lose the lists. One write path keeps Postgres the only truth and
 * `agora reconcile` meaningful (the same reasoning as indexers/signals).
 */
export async function storeModel(db: Knex, model: TrainedModel, options: StoreOptions): Promise<StoreSummary> {
  const batchSize = options.batchSize ?? 2000;
  const { changed, cleared } = await findModelChanges(db, model, options, batchSize);
  const changedIds = new Set(changed);
  const rows = [...stageRows(model)].filter((row) => changedIds.has(row.product_id));
  let touched = 0;
  for (let start = 0; start < rows.length; start += batchSize)
    touched += await writeRecommendationsBatch(db, rows.slice(start, start + batchSize), options.modelVersion);
  for (let start = 0; start < cleared.length; start += batchSize)
    touched += await clearRecommendationsBatch(db, cleared.slice(start, start + batchSize), options.modelVersion);
  return { changed: changed.length, cleared: cleared.length, touched };
}

/** Products whose stored lists differ from the model's, and products with lists the model has none for: one transaction writing only its temporary table. */
async function findModelChanges(
  db: Knex,
  model: TrainedModel,
  options: StoreOptions,
  batchSize: number,
): Promise<{ changed: string[]; cleared: string[] }> {
  return db.transaction(async (trx) => {
    await trx.raw(`
      create temporary table recs_stage (
        product_id text primary key, also_bought text[] not null, bought_together text[] not null,
        viewed_indicators text[] not null, carted_indicators text[] not null, ${weightedDefs({ items: 'text[] not null', weights: 'real[] not null' })},
        trending float8, purchasers integer not null
      ) on commit drop`);
    let batch: StageRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await trx.raw(
        `insert into recs_stage select * from jsonb_to_recordset(?::jsonb) as x(
           product_id text, also_bought text[], bought_together text[], viewed_indicators text[], carted_indicators text[],
           ${weightedDefs({ items: 'text[]', weights: 'real[]' })}, trending float8, purchasers integer)`,
        [JSON.stringify(batch)],
      );
      batch = [];
    };
    for (const row of stageRows(model)) {
      batch.push(row);
      if (batch.length >= batchSize) await flush();
    }
    await flush();

    const { rows } = await trx.raw<{ rows: Array<{ product_id: string; cleared: boolean }> }>(
      `select s.product_id, false as cleared from recs_stage s
         join products p on p.id = s.product_id and p.status <> 'deleted'
         left join product_recommendations r on r.product_id = s.product_id
         where r.product_id is null
            or (r.also_bought, r.bought_together, r.viewed_indicators, r.carted_indicators, r.purchasers)
               is distinct from (s.also_bought, s.bought_together, s.viewed_indicators, s.carted_indicators, s.purchasers)
            or ${weightedColumns.map(weightedRowMoved).join(' or ')}
            or (r.trending is null) <> (s.trending is null)
            or abs(r.trending - s.trending) >= :tolerance
       union all
       select r.product_id, true from product_recommendations r
         where not exists (select 1 from recs_stage s where s.product_id = r.product_id)
           and (cardinality(r.also_bought) + cardinality(r.bought_together) + cardinality(r.viewed_indicators) + cardinality(r.carted_indicators)
                + ${weightedColumns.map((c) => `cardinality(r.${c}_items)`).join(' + ')} > 0
                or r.trending is not null or r.purchasers <> 0)
       order by 1`,
      { tolerance: options.trendingTolerance, easeTolerance: options.easeTolerance },
    );
    return {
      changed: rows.filter((r) => !r.cleared).map((r) => r.product_id),
      cleared: rows.filter((r) => r.cleared).map((r) => r.product_id),
    };
  });
}

/** Bumps the products' versions in the background lane; the derived-rows trigger then finds them touched already. */
async function touchProducts(trx: Knex.Transaction, ids: string[]): Promise<number> {
  await useBackgroundLane(trx);
  const { rowCount } = await trx.raw<{ rowCount: number }>(
    "update products set updated_at = now() where id = any(?::text[]) and status <> 'deleted'",
    [ids],
  );
  return rowCount;
}

async function writeRecommendationsBatch(db: Knex, batch: StageRow[], modelVersion: number): Promise<number> {
  return db.transaction(async (trx) => {
    const touched = await touchProducts(
      trx,
      batch.map((row) => row.product_id),
    );
    await trx.raw(
      `insert into product_recommendations as r (product_id, also_bought, bought_together, viewed_indicators, carted_indicators, ${weightedNames}, trending, purchasers, computed_at, model_version)
       select x.*, now(), :version from jsonb_to_recordset(:rows::jsonb) as x(
         product_id text, also_bought text[], bought_together text[], viewed_indicators text[], carted_indicators text[],
         ${weightedDefs({ items: 'text[]', weights: 'real[]' })}, trending float8, purchasers integer)
       join products p on p.id = x.product_id and p.status <> 'deleted'
       on conflict (product_id) do update set also_bought = excluded.also_bought, bought_together = excluded.bought_together,
         viewed_indicators = excluded.viewed_indicators, carted_indicators = excluded.carted_indicators,
         ${weightedColumns.map((c) => `${c}_items = excluded.${c}_items, ${c}_weights = excluded.${c}_weights`).join(', ')}, trending = excluded.trending,
         purchasers = excluded.purchasers, computed_at = excluded.computed_at, model_version = excluded.model_version`,
      { version: modelVersion, rows: JSON.stringify(batch) },
    );
    return touched;
  });
}

async function clearRecommendationsBatch(db: Knex, ids: string[], modelVersion: number): Promise<number> {
  return db.transaction(async (trx) => {
    const touched = await touchProducts(trx, ids);
    await trx.raw(
      `update product_recommendations
       set also_bought = '{}', bought_together = '{}', viewed_indicators = '{}', carted_indicators = '{}',
         ${weightedColumns.map((c) => `${c}_items = '{}', ${c}_weights = '{}'`).join(', ')},
         trending = null, purchasers = 0, computed_at = now(), model_version = :version
       where product_id = any(:ids::text[])`,
      { version: modelVersion, ids },
    );
    return touched;
  });
}

/** One row per product with anything to store; ids stay in the lists' best-first order. */
export function* stageRows(model: TrainedModel): Generator<StageRow> {
  const ids = (csr: Csr, item: number) => Array.from(csrRow(csr, item), (index) => model.itemIds[index]!);
  // Three significant digits are plenty for a ranking weight; what counts as a change is easeTolerance's call.
  const weights = (csr: WeightedCsr, item: number) => Array.from(csrRowWeights(csr, item), (w) => Number(w.toPrecision(3)));
  for (let item = 0; item < model.itemIds.length; item++) {
    const trending = model.trending[item]!;
    const row: StageRow = {
      product_id: model.itemIds[item]!,
      also_bought: ids(model.alsoBought, item),
      bought_together: ids(model.boughtTogether, item),
      viewed_indicators: ids(model.viewedIndicators, item),
      carted_indicators: ids(model.cartedIndicators, item),
      ease_items: ids(model.ease, item),
      ease_weights: weights(model.ease, item),
      llr_bought_items: ids(model.llr.bought, item),
      llr_bought_weights: weights(model.llr.bought, item),
      llr_viewed_items: ids(model.llr.viewed, item),
      llr_viewed_weights: weights(model.llr.viewed, item),
      llr_carted_items: ids(model.llr.carted, item),
      llr_carted_weights: weights(model.llr.carted, item),
      // Three decimals in log2 units: 0.07% steps, far below the tolerance.
      trending: Number.isNaN(trending) ? null : Math.round(trending * 1000) / 1000,
      purchasers: model.purchasers[item] ?? 0,
    };
    const empty =
      row.also_bought.length +
        row.bought_together.length +
        row.viewed_indicators.length +
        row.carted_indicators.length +
        row.ease_items.length +
        row.llr_bought_items.length +
        row.llr_viewed_items.length +
        row.llr_carted_items.length ===
      0;
    if (!empty || row.trending !== null || row.purchasers > 0) yield row;
  }
}
