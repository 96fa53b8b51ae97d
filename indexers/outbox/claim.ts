import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Knex } from 'knex';
import { outboxPriority } from './lanes';

/**
 * The lease protocol of the outbox: every statement here is one short
 * transaction of its own, and none of them waits on Elasticsearch.
 *
 * A row is claimable when it is not processed and not leased: claimed_until
 * is null (never claimed) or past (a lease or backoff that ran out). Each of
 * the two has a partial index (migrations 20261205_047 and _051), so finding claimable
 * rows reads only claimable ones, however many pending rows wait out a backoff
 * or are leased, and however many delivered rows are kept. The comparison is
 * with statement_timestamp(), not clock_timestamp(): an index condition needs
 * a value fixed for the statement. A claim stamps claimed_by and claimed_until; the pass
 * then either marks its rows processed or releases them with a backoff. A
 * pass that dies leaves its lease to expire, and then anyone may claim the
 * rows again: delivery is at least once, and versioned writes make a second
 * delivery harmless.
 */

export interface ClaimedRow {
  id: string;
  productId: string;
  version: number;
  /** In the background lane (./lanes.ts). */
  background: boolean;
}

export interface ClaimOptions {
  /** Who claims: see claimOwner(). */
  owner: string;
  limit: number;
  /** At most this many of the rows from the background lane. @default limit */
  backgroundLimit?: number;
  /** Only rows of the background lane (the relay's turn for background work after a pass of catalog edits). @default false */
  backgroundOnly?: boolean;
  leaseMs: number;
}

/** A fresh owner for one relay pass: host and pid say where it ran, the nonce keeps two passes of one process apart. */
export function claimOwner(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Claims up to `limit` claimable rows: of the `limit` first never claimed and
 * the `limit` rows longest past their lease or backoff, the first, in the
 * order (priority, id): catalog edits before background work (./lanes.ts),
 * then oldest first. SKIP LOCKED lets concurrent claimers pass over each other's
 * rows instead of queueing; a row another claimer leased between this
 * statement's snapshot and its lock is re-checked under the lock (READ
 * COMMITTED re-evaluates the WHERE) and left out. Rows locked here but not
 * among the lowest `limit` are left as they were (the locks end with the statement).
 * Catalog edits travel alone: a claim that finds any takes no background work,
 * so their pass is as short as they are; otherwise it takes at most
 * `backgroundLimit` rows of background work, because a pass full of it is what
 * an edit committed meanwhile waits behind.
 */
export async function claimRows(db: Knex, options: ClaimOptions): Promise<ClaimedRow[]> {
  // A range of the (priority, id) index, not "<> catalog": that would be a filter, and a claim would read every pending
  // catalog edit (a catalog import's backlog) before the first background row.
  const lane = options.backgroundOnly === true ? `and priority > ${outboxPriority.catalog}` : '';
  const { rows } = await db.raw<{ rows: Array<{ id: string; product_id: string; version: string; priority: number }> }>(
    `with unclaimed as (
            select id, priority from search_outbox where processed_at is null and claimed_until is null ${lane}
             order by priority, id limit ? for update skip locked),
          due as (
            select id, priority from search_outbox where processed_at is null and claimed_until <= statement_timestamp() ${lane}
             order by claimed_until limit ? for update skip locked),
          first as (select id, priority from unclaimed union all select id, priority from due order by priority, id limit ?),
          c as (select id from first where priority = ${outboxPriority.catalog}
                union all (select id from first where priority <> ${outboxPriority.catalog}
                             and not exists (select 1 from first where priority = ${outboxPriority.catalog})
                            order by priority, id limit ?))
     update search_outbox o
        set claimed_by = ?, claimed_until = clock_timestamp() + ? * interval '1 millisecond'
      -- The ids as an array: rows fetched by primary key, never a hash join over the whole table
      -- (its estimate of the claimable rows is what a plan would wrongly trust).
      where o.id = any (array(select id from c))
      returning o.id, o.product_id, o.version, o.priority`,
    [options.limit, options.limit, options.limit, options.backgroundLimit ?? options.limit, options.owner, options.leaseMs],
  );
  return rows
    .map((r) => ({
      id: String(r.id),
      productId: r.product_id,
      version: Number(r.version),
      background: r.priority !== outboxPriority.catalog,
    }))
    .sort((a, b) => compareIds(a.id, b.id));
}

/** Extends the lease of rows this owner still holds; returns how many it still holds. */
export async function renewLease(db: Knex, owner: string, ids: readonly string[], leaseMs: number): Promise<number> {
  const { rowCount } = await db.raw<{ rowCount: number }>(
    `update search_outbox set claimed_until = clock_timestamp() + ? * interval '1 millisecond'
      where id = any(?::bigint[]) and claimed_by = ? and processed_at is null`,
    [leaseMs, ids as string[], owner],
  );
  return rowCount;
}

/**
 * Marks rows delivered, whoever holds them now: the pass wrote the products'
 * state as read after these rows committed, so even if its lease ran out and
 * another pass took the rows over, they are delivered. clock_timestamp, not
 * now(): a reindex replays rows processed after its start, and now() is the
 * start of the caller's transaction, possibly earlier.
 */
export async function markProcessed(db: Knex, ids: readonly string[]): Promise<void> {
  await db.raw(
    `update search_outbox set processed_at = clock_timestamp(), claimed_until = null
      where id = any(?::bigint[]) and processed_at is null`,
    [ids as string[]],
  );
}

export interface RetryBackoff {
  /** Wait after the first failure; doubles with each further one. @default 1000 */
  baseMs?: number;
  /** @default 60000 */
  maxMs?: number;
}

export interface Released {
  /** Rows handed back: those this owner still held. */
  rows: number;
  /** How long until the last of them is claimable again; 0 when none was handed back. */
  backoffMs: number;
}

/**
 * Hands rows back after a failed pass, claimable again once their backoff
 * has passed. Only rows this owner still holds: if its lease ran out and
 * another pass claimed them, that pass decides.
 */
export async function releaseForRetry(
  db: Knex,
  owner: string,
  ids: readonly string[],
  error: string,
  backoff: RetryBackoff = {},
): Promise<Released> {
  const { rows } = await db.raw<{ rows: Array<{ released: string; backoff_ms: number | null }> }>(
    `with released as (
       update search_outbox
          set claimed_by = null,
              claimed_until = clock_timestamp() + least(? * power(2, least(attempts, 16)), ?) * interval '1 millisecond',
              attempts = attempts + 1,
              last_error = ?
        where id = any(?::bigint[]) and claimed_by = ? and processed_at is null
        returning claimed_until)
     select count(*) as released, extract(epoch from max(claimed_until) - clock_timestamp()) * 1000 as backoff_ms from released`,
    [backoff.baseMs ?? 1000, backoff.maxMs ?? 60_000, error.slice(0, 2000), ids as string[], owner],
  );
  return { rows: Number(rows[0]?.released ?? 0), backoffMs: Math.max(0, Math.ceil(Number(rows[0]?.backoff_ms ?? 0))) };
}

/**
 * Whether a relay pass would find work now: a pending row that is neither
 * leased nor backing off. Each half is the first entry of its partial index
 * (`order by ... limit 1` keeps the planner from a sequential scan that would
 * read every delivered row before the newest, still pending ones).
 */
export async function hasClaimableRows(db: Knex): Promise<boolean> {
  const { rows } = await db.raw<{ rows: Array<{ claimable: boolean }> }>(
    `select exists (select from (select id from search_outbox where processed_at is null and claimed_until is null
                                  order by priority, id limit 1) unclaimed)
         or exists (select from (select claimed_until from search_outbox where processed_at is null and claimed_until <= statement_timestamp()
                                  order by claimed_until limit 1) due) as claimable`,
  );
  return rows[0]?.claimable === true;
}

/** Outbox ids are bigints, as decimal strings without leading zeros. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
