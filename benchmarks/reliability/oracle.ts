import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import type { ProductLedger } from './load';

export interface OracleResult {
  /** Products in Postgres (deleted ones included). */
  products: number;
  /** Acknowledged writes whose effect Postgres does not show. */
  lostAcks: string[];
  /** Products whose document disagrees with Postgres on presence, version or visibility. */
  drift: string[];
  /** Documents in the index with no live product in Postgres. */
  extraDocuments: number;
  /** Acknowledged products with a failed write after the last acknowledged one, or one never answered (either outcome is right). */
  uncertain: number;
}

interface Row {
  id: string;
  version: string;
  status: 'active' | 'hidden' | 'deleted';
  price: string;
  merchant_status: string;
}

/**
 * After the system settles: every acknowledged write against Postgres (the
 * record), then every product in Postgres against its Elasticsearch document
 * by id, external version and visibility (a deleted product has no document).
 */
export async function checkConsistency(
  db: Knex,
  es: ElasticsearchClient,
  alias: string,
  ledger: Map<string, ProductLedger>,
): Promise<OracleResult> {
  const { rows } = await db.raw<{ rows: Row[] }>(
    'select p.id, p.version, p.status, p.price, m.status as merchant_status from products p join merchants m on m.id = p.merchant_id',
  );
  const byId = new Map(rows.map((row) => [row.id, row]));

  const lostAcks: string[] = [];
  let uncertain = 0;
  for (const [id, entry] of ledger) {
    const acked = entry.acked;
    if (!acked) continue;
    const row = byId.get(id);
    const settled = !entry.uncertainAfterAck && !entry.unanswered;
    if (!settled) uncertain += 1;
    if (!row) {
      lostAcks.push(`${id}: acknowledged but not in Postgres`);
      continue;
    }
    if (acked.version !== null && Number(row.version) < acked.version) {
      lostAcks.push(`${id}: version ${row.version} < acknowledged ${acked.version}`);
    } else if (settled) {
      // Nothing else can have committed after the acknowledged write: Postgres must show exactly it.
      if (row.status !== acked.status) lostAcks.push(`${id}: status ${row.status}, acknowledged ${acked.status}`);
      else if (acked.price !== null && Number(row.price) !== acked.price)
        lostAcks.push(`${id}: price ${row.price}, acknowledged ${acked.price}`);
      else if (acked.version !== null && Number(row.version) !== acked.version) {
        lostAcks.push(`${id}: version ${row.version}, acknowledged ${acked.version} and nothing written after`);
      }
    }
  }

  const drift: string[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const { docs } = await es.mget<{ visible?: boolean }>({ index: alias, ids: chunk.map((r) => r.id), _source_includes: ['visible'] });
    docs.forEach((doc, k) => {
      const row = chunk[k]!;
      const found = 'found' in doc && doc.found;
      if (row.status === 'deleted') {
        if (found) drift.push(`${row.id}: deleted in Postgres, still indexed`);
        return;
      }
      if (!found) return void drift.push(`${row.id}: missing from the index`);
      if (doc._version !== Number(row.version)) drift.push(`${row.id}: index version ${doc._version}, Postgres ${row.version}`);
      const visible = row.status === 'active' && row.merchant_status === 'active';
      if (doc._source?.visible !== visible) drift.push(`${row.id}: index visible ${doc._source?.visible}, Postgres ${visible}`);
    });
  }
  await es.indices.refresh({ index: alias });
  const indexed = (await es.count({ index: alias })).count;
  const liveInPostgres = rows.filter((r) => r.status !== 'deleted').length;
  const missing = drift.filter((line) => line.endsWith('missing from the index')).length;
  return { products: rows.length, lostAcks, drift, extraDocuments: Math.max(0, indexed - (liveInPostgres - missing)), uncertain };
}
