import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import type { Knex } from 'knex';
import { searchableVersions } from '../support/searchable-versions';

export interface LagOptions {
  db: Knex;
  es: ElasticsearchClient;
  alias: string;
  productIds: string[];
  /** Changes committed per second. */
  rate: number;
  seconds: number;
  /** Keeps writing past `seconds` while this says so (e.g. until a background run ends). @default none */
  keepWriting?: () => boolean;
  /** How often Elasticsearch is asked which changes are searchable. @default 25 */
  pollMs?: number;
}

export interface LagResult {
  /** Commit-to-searchable lag of every change, milliseconds. */
  samples: number[];
  /** How long each update statement took to commit, milliseconds: what a catalog write waited. */
  writeMs: number[];
  committed: number;
  /** Changes never seen in search within the grace period after the run. */
  unseen: number;
  elapsedMs: number;
}

interface Pending {
  version: number;
  committedAt: number;
}

/**
 * Commits `rate` product updates per second for `seconds`, and measures for
 * each the time from its commit returning to a search (not a get: a search
 * sees only refreshed data) returning the product at that version or newer.
 * One `ids` search per poll covers every change still in flight.
 */
export async function measureLag(options: LagOptions): Promise<LagResult> {
  const pending = new Map<string, Pending[]>();
  const samples: number[] = [];
  const writeMs: number[] = [];
  let committed = 0;
  let writing = true;
  let seed = 12345;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;

  const poll = async (): Promise<void> => {
    while (writing || pending.size > 0) {
      const ids = [...pending.keys()];
      if (ids.length > 0) {
        const { versions, at } = await searchableVersions(options.es, options.alias, ids);
        for (const [id, version] of versions) {
          const waiting = pending.get(id);
          if (!waiting) continue;
          const left = waiting.filter((p) => {
            if (p.version > version) return true;
            samples.push(at - p.committedAt);
            return false;
          });
          if (left.length === 0) pending.delete(id);
          else pending.set(id, left);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 25));
    }
  };

  const update = async (id: string): Promise<void> => {
    const sent = performance.now();
    const { rows } = await options.db.raw<{ rows: Array<{ version: string }> }>(
      'update products set stock = stock + 1 where id = ? returning version',
      [id],
    );
    const committedAt = performance.now();
    writeMs.push(committedAt - sent);
    committed += 1;
    const version = Number(rows[0]?.version);
    pending.set(id, [...(pending.get(id) ?? []), { version, committedAt }]);
  };

  const started = performance.now();
  const poller = poll();
  // Ticks of 50 ms keep the rate steady without one timer per change.
  const perTick = options.rate / 20;
  const inFlight = new Set<Promise<void>>();
  for (let tick = 0; tick < options.seconds * 20 || options.keepWriting?.(); tick += 1) {
    const due = Math.round((tick + 1) * perTick) - Math.round(tick * perTick);
    for (let i = 0; i < due; i += 1) {
      const task = update(options.productIds[Math.floor(random() * options.productIds.length)]!);
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    }
    const next = started + (tick + 1) * 50;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  await Promise.all(inFlight);
  const elapsedMs = performance.now() - started;
  writing = false;
  // Whatever search has not shown 15 s after the last commit counts as unseen.
  const grace = setTimeout(() => pending.clear(), 15_000);
  await poller;
  clearTimeout(grace);
  return { samples, writeMs, committed, unseen: committed - samples.length, elapsedMs };
}
