import type { Client as ElasticsearchClient, estypes } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { productsAlias } from '../../src/core/product-index';
import { aliasTargets } from '../reindex/aliases';
import { syncProducts } from '../sync';
import { diffSorted, type Drift, type IdVersion } from './diff';

export interface ReconcileDeps {
  db: Knex;
  es: ElasticsearchClient;
  config: { indexPrefix: string };
}

export interface ReconcileOptions {
  /** Fix confirmed drift: rewrite from Postgres, delete extras, bump versions Elasticsearch will not accept. @default false */
  repair?: boolean;
  /** Ids fetched per page on each side. @default 5000 */
  pageSize?: number;
  /** Ids listed per kind in the report. @default 20 */
  sampleSize?: number;
}

type DriftKind = Drift['kind'];

export interface ReconcileReport {
  postgres: number;
  elasticsearch: number;
  /** Confirmed differences by kind. */
  drift: Record<DriftKind, number>;
  samples: Record<DriftKind, string[]>;
  /** Differences explained by changes still in the outbox; the relay will settle them. */
  inFlight: number;
  repaired: { written: number; deleted: number; bumped: number; rejected: number } | null;
}

const CONFIRM_CHUNK = 500;

/**
 * Compares Postgres and Elasticsearch by id and version. Both sides are
 * read in id order (a Postgres cursor, an Elasticsearch point in time) and
 * merge-joined, so memory stays flat. The two reads happen at slightly
 * different moments, so every difference is checked again against current
 * state before it is reported: what the outbox still holds is in flight,
 * not drift.
 */
export async function reconcile(deps: ReconcileDeps, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const pageSize = options.pageSize ?? 5000;
  const sampleSize = options.sampleSize ?? 20;
  const alias = productsAlias(deps.config.indexPrefix);
  if ((await aliasTargets(deps.es, alias)).length === 0) throw new Error(`there is no ${alias} alias yet; run agora reindex first`);
  const report: ReconcileReport = {
    postgres: 0,
    elasticsearch: 0,
    drift: { missing: 0, extra: 0, stale: 0, ahead: 0 },
    samples: { missing: [], extra: [], stale: [], ahead: [] },
    inFlight: 0,
    repaired: options.repair ? { written: 0, deleted: 0, bumped: 0, rejected: 0 } : null,
  };
  const count = async function* (source: AsyncIterable<IdVersion>, side: 'postgres' | 'elasticsearch'): AsyncGenerator<IdVersion> {
    for await (const item of source) {
      report[side] += 1;
      yield item;
    }
  };

  let candidates: Drift[] = [];
  const settle = async (): Promise<void> => {
    const confirmed = await confirmDrift(deps, alias, candidates);
    report.inFlight += candidates.length - confirmed.length;
    for (const drift of confirmed) {
      report.drift[drift.kind] += 1;
      if (report.samples[drift.kind].length < sampleSize) report.samples[drift.kind].push(drift.id);
    }
    if (report.repaired) await repair(deps, alias, confirmed, report.repaired);
    candidates = [];
  };
  for await (const drift of diffSorted(
    count(postgresVersions(deps.db, pageSize), 'postgres'),
    count(elasticsearchVersions(deps.es, alias, pageSize), 'elasticsearch'),
  )) {
    candidates.push(drift);
    if (candidates.length >= CONFIRM_CHUNK) await settle();
  }
  if (candidates.length > 0) await settle();
  return report;
}

/** Indexable products in UTF-8 byte order (`collate "C"`), through a server-side cursor. */
async function* postgresVersions(db: Knex, pageSize: number): AsyncGenerator<IdVersion> {
  const trx = await db.transaction();
  try {
    await trx.raw(
      `declare reconcile_ids no scroll cursor for select id, version from products where status <> 'deleted' order by id collate "C"`,
    );
    for (;;) {
      const { rows } = await trx.raw<{ rows: Array<{ id: string; version: string }> }>(`fetch ${Number(pageSize)} from reconcile_ids`);
      for (const row of rows) yield { id: row.id, version: Number(row.version) };
      if (rows.length < pageSize) break;
    }
  } finally {
    await trx.rollback().catch(() => undefined);
  }
}

/** Every document behind the alias, sorted by the `id` keyword (sorting on `_id` is disabled), in a point in time. */
async function* elasticsearchVersions(es: ElasticsearchClient, alias: string, pageSize: number): AsyncGenerator<IdVersion> {
  const pit = await es.openPointInTime({ index: alias, keep_alive: '2m' });
  let searchAfter: estypes.SortResults | undefined;
  try {
    for (;;) {
      const response = await es.search({
        pit: { id: pit.id, keep_alive: '2m' },
        size: pageSize,
        sort: [{ id: 'asc' }],
        _source: false,
        version: true,
        track_total_hits: false,
        ...(searchAfter ? { search_after: searchAfter } : {}),
      });
      const hits = response.hits.hits;
      for (const hit of hits) yield { id: hit._id ?? '', version: hit._version ?? 0 };
      if (hits.length < pageSize) break;
      searchAfter = hits[hits.length - 1]?.sort;
    }
  } finally {
    await es.closePointInTime({ id: pit.id }).catch(() => undefined);
  }
}

/** Re-reads both sides for the candidates and keeps the differences that still hold and have no change pending. */
async function confirmDrift(deps: ReconcileDeps, alias: string, candidates: Drift[]): Promise<Drift[]> {
  if (candidates.length === 0) return [];
  const ids = candidates.map((c) => c.id);
  const [rows, pending, docs] = await Promise.all([
    deps.db('products').whereIn('id', ids).whereNot('status', 'deleted').select<Array<{ id: string; version: string }>>('id', 'version'),
    deps.db('search_outbox').whereIn('product_id', ids).whereNull('processed_at').distinct<Array<{ product_id: string }>>('product_id'),
    deps.es.mget({ index: alias, ids, _source: false }),
  ]);
  const postgres = new Map(rows.map((r) => [r.id, Number(r.version)]));
  const busy = new Set(pending.map((p) => p.product_id));
  const elasticsearch = new Map<string, number>();
  for (const doc of docs.docs) if ('found' in doc && doc.found) elasticsearch.set(doc._id, doc._version ?? 0);
  const confirmed: Drift[] = [];
  for (const id of ids) {
    if (busy.has(id)) continue;
    const pg = postgres.get(id);
    const es = elasticsearch.get(id);
    if (pg !== undefined && es === undefined) confirmed.push({ kind: 'missing', id, postgres: pg });
    else if (pg === undefined && es !== undefined) confirmed.push({ kind: 'extra', id, elasticsearch: es });
    else if (pg !== undefined && es !== undefined && es < pg) confirmed.push({ kind: 'stale', id, postgres: pg, elasticsearch: es });
    else if (pg !== undefined && es !== undefined && es > pg) confirmed.push({ kind: 'ahead', id, postgres: pg, elasticsearch: es });
  }
  return confirmed;
}

/**
 * Missing and stale documents are rewritten from Postgres. Extras are deleted
 * with a fresh version from the product sequence, greater than any version
 * the product ever had. Where Elasticsearch holds a version Postgres cannot
 * beat (ahead, or a tombstone newer than the row), the product row is
 * touched: the new version flows through the outbox like any change.
 */
async function repair(deps: ReconcileDeps, alias: string, drift: Drift[], totals: NonNullable<ReconcileReport['repaired']>): Promise<void> {
  const target = { db: deps.db, es: deps.es, index: alias, requireAlias: true };
  const rewrite = drift.filter((d) => d.kind === 'missing' || d.kind === 'stale');
  const extra = drift.filter((d) => d.kind === 'extra');
  const bump = new Set(drift.filter((d) => d.kind === 'ahead').map((d) => d.id));
  if (rewrite.length > 0) {
    const result = await syncProducts(
      target,
      rewrite.map((d) => ({ productId: d.id, version: 0 })),
    );
    totals.written += result.written.length;
    totals.rejected += result.rejected.length;
    for (const superseded of result.superseded) bump.add(superseded.id);
  }
  if (extra.length > 0) {
    const { rows } = await deps.db.raw<{ rows: Array<{ version: string }> }>(
      "select nextval('product_version_seq') as version from generate_series(1, ?)",
      [extra.length],
    );
    const result = await syncProducts(
      target,
      extra.map((d, i) => ({ productId: d.id, version: Number(rows[i]?.version) })),
    );
    totals.deleted += result.written.filter((a) => a.op === 'delete').length;
    totals.written += result.written.filter((a) => a.op === 'index').length;
    totals.rejected += result.rejected.length;
    // A row marked deleted carries its own version, which may not beat the document's.
    for (const superseded of result.superseded) bump.add(superseded.id);
  }
  // Elasticsearch ahead of Postgres means the sequence went back (a restored
  // database): move it past every version the index has seen, or the bump
  // could not win and later changes would be refused as stale too.
  const highest = Math.max(0, ...drift.map((d) => (d.kind === 'ahead' ? d.elasticsearch : 0)));
  if (highest > 0)
    await deps.db.raw("select setval('product_version_seq', greatest(?, (select last_value from product_version_seq)))", [highest]);
  if (bump.size > 0)
    totals.bumped += await deps
      .db('products')
      .whereIn('id', [...bump])
      .update({ updated_at: deps.db.fn.now() });
}
