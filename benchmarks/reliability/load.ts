import type { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { searchableVersions } from '../support/searchable-versions';

/** What the oracle knows of one product from the answers the API gave. */
export interface ProductLedger {
  /** The last write the API acknowledged (2xx), or null if none was. */
  acked: { op: 'put' | 'delete'; version: number | null; price: number | null; status: 'active' | 'hidden' | 'deleted' } | null;
  /** A write after the acknowledged one failed: it may or may not have committed. */
  uncertainAfterAck: boolean;
  /**
   * A write got no answer (timeout, connection lost): the server may still commit it at any later time, even
   * after a newer write was acknowledged, so only "the version never went back" can be checked.
   */
  unanswered: boolean;
}

export interface PhaseCounts {
  name: string;
  writesOk: number;
  writesFailed: number;
  searchesOk: number;
  searchesFailed: number;
  /** Times (ms since the phase started) of the last failed write and search. */
  lastWriteFailureMs: number | null;
  lastSearchFailureMs: number | null;
  /** Commit-to-searchable lag of the updates acknowledged in this phase, ms. */
  lagMs: number[];
  /** Failure kinds seen (HTTP status or error code) and how often. */
  failures: Map<string, number>;
  startedAt: number;
}

export interface LoadOptions {
  apiUrl: string;
  adminKey: string;
  searchKey: string;
  es: ElasticsearchClient;
  alias: string;
  /** Ids of the products that exist at the start (all active). */
  productIds: string[];
  merchantIds: string[];
  categoryIds: string[];
  writesPerSecond: number;
  searchesPerSecond: number;
  seed: number;
  requestTimeoutMs: number;
}

export interface Load {
  ledger: Map<string, ProductLedger>;
  /** Starts counting into a new phase. */
  phase(name: string): PhaseCounts;
  phases: PhaseCounts[];
  /** Stops sending, waits for answers in flight, and gives commit-to-searchable lag `graceMs` more. */
  stop(graceMs: number): Promise<void>;
}

const queries = ['pan', 'iron pan', 'red', 'blue pan', 'cast iron', 'seasoned', 'knife', 'green', 'black cast', 'pan 12'];

/**
 * A seeded write and search load through the HTTP API: updates (price,
 * stock, and now and then hidden), creates and deletes, never two writes to
 * one product at a time, so each product's last acknowledged write is its
 * expected state. Every answer is counted in the phase that was current
 * when the request was sent. Acknowledged updates are watched in
 * Elasticsearch (an `ids` search with versions) for commit-to-searchable lag.
 */
export function startLoad(options: LoadOptions): Load {
  let seed = options.seed >>> 0 || 1;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const ledger = new Map<string, ProductLedger>(
    options.productIds.map((id) => [id, { acked: null, uncertainAfterAck: false, unanswered: false }]),
  );
  const live = new Set(options.productIds);
  const busy = new Set<string>();
  const phases: PhaseCounts[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const watching = new Map<string, { version: number; ackedAt: number; phase: PhaseCounts }>();
  let created = 0;
  let running = true;

  const newPhase = (name: string): PhaseCounts => {
    const counts: PhaseCounts = {
      name,
      writesOk: 0,
      writesFailed: 0,
      searchesOk: 0,
      searchesFailed: 0,
      lastWriteFailureMs: null,
      lastSearchFailureMs: null,
      lagMs: [],
      failures: new Map(),
      startedAt: performance.now(),
    };
    phases.push(counts);
    return counts;
  };
  let current = newPhase('setup');

  const failed = (phase: PhaseCounts, kind: string, what: 'write' | 'search') => {
    phase.failures.set(`${what} ${kind}`, (phase.failures.get(`${what} ${kind}`) ?? 0) + 1);
    const at = performance.now() - phase.startedAt;
    if (what === 'write') {
      phase.writesFailed += 1;
      phase.lastWriteFailureMs = at;
    } else {
      phase.searchesFailed += 1;
      phase.lastSearchFailureMs = at;
    }
  };

  const call = async (method: string, path: string, key: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const response = await fetch(`${options.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.requestTimeoutMs),
    });
    const text = await response.text();
    try {
      return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
    } catch {
      return { status: response.status, json: text };
    }
  };
  const errorKind = (error: unknown): string => {
    const cause = (error as { cause?: { code?: string } }).cause;
    if ((error as Error).name === 'TimeoutError') return 'timeout';
    return cause?.code ?? (error as Error).name ?? 'error';
  };

  const write = async (): Promise<void> => {
    const phase = current;
    const roll = random();
    const liveIds = [...live].filter((id) => !busy.has(id));
    let id: string;
    let op: 'put' | 'delete';
    if (roll < 0.15 || liveIds.length === 0) {
      id = `c-${options.seed}-${String((created += 1)).padStart(6, '0')}`;
      op = 'put';
      ledger.set(id, { acked: null, uncertainAfterAck: false, unanswered: false });
    } else {
      id = pick(liveIds);
      op = roll < 0.3 ? 'delete' : 'put';
    }
    const entry = ledger.get(id)!;
    const n = Math.floor(random() * 100_000);
    const price = Math.round(random() * 50_000) / 100;
    const status = random() < 0.1 ? 'hidden' : 'active';
    busy.add(id);
    try {
      const { status: code, json } =
        op === 'delete'
          ? await call('DELETE', `/v1/admin/products/${id}`, options.adminKey)
          : await call('PUT', `/v1/admin/products/${id}`, options.adminKey, {
              merchantId: pick(options.merchantIds),
              categoryId: pick(options.categoryIds),
              titleEn: `Cast Iron Pan ${n} ${pick(['red', 'blue', 'green', 'black'])}`,
              descriptionEn: `A seasoned pan, number ${n}.`,
              price,
              stock: n % 50,
              status,
            });
      // A delete answered 404 found the product already deleted: the outcome the client asked for.
      if ((code >= 200 && code < 300) || (op === 'delete' && code === 404)) {
        phase.writesOk += 1;
        const version = op === 'put' ? Number((json as { version?: string }).version) : null;
        entry.acked = { op, version, price: op === 'put' ? price : null, status: op === 'put' ? status : 'deleted' };
        entry.uncertainAfterAck = false;
        if (op === 'put') live.add(id);
        else live.delete(id);
        if (version !== null) watching.set(id, { version, ackedAt: performance.now(), phase });
        else watching.delete(id);
      } else {
        entry.uncertainAfterAck = true;
        failed(phase, String(code), 'write');
      }
    } catch (error) {
      entry.uncertainAfterAck = true;
      entry.unanswered = true;
      failed(phase, errorKind(error), 'write');
    } finally {
      busy.delete(id);
    }
  };

  const search = async (): Promise<void> => {
    const phase = current;
    try {
      const { status } = await call('GET', `/v1/search?q=${encodeURIComponent(pick(queries))}`, options.searchKey);
      if (status === 200) phase.searchesOk += 1;
      else failed(phase, String(status), 'search');
    } catch (error) {
      failed(phase, errorKind(error), 'search');
    }
  };

  // Sends on 50 ms ticks, keeping the rates steady without a timer per request.
  const ticker = async (): Promise<void> => {
    const started = performance.now();
    for (let tick = 0; running; tick += 1) {
      const due = (rate: number) => Math.round(((tick + 1) * rate) / 20) - Math.round((tick * rate) / 20);
      for (const [count, send] of [
        [due(options.writesPerSecond), write],
        [due(options.searchesPerSecond), search],
      ] as const) {
        for (let i = 0; i < count; i += 1) {
          const task = send();
          inFlight.add(task);
          void task.finally(() => inFlight.delete(task));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (tick + 1) * 50 - performance.now())));
    }
  };

  // Polls Elasticsearch for the acknowledged updates not yet seen at their version.
  let polling = true;
  const poller = async (): Promise<void> => {
    while (polling) {
      const ids = [...watching.keys()];
      if (ids.length > 0) {
        try {
          const { versions, at } = await searchableVersions(options.es, options.alias, ids);
          for (const [id, version] of versions) {
            const waiting = watching.get(id);
            if (waiting && version >= waiting.version) {
              waiting.phase.lagMs.push(at - waiting.ackedAt);
              watching.delete(id);
            }
          }
        } catch {
          // Elasticsearch is down: the lag of what waits grows until it is back.
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const sending = ticker();
  const polled = poller();
  return {
    ledger,
    phases,
    phase(name) {
      current = newPhase(name);
      return current;
    },
    async stop(graceMs) {
      running = false;
      await sending;
      await Promise.allSettled([...inFlight]);
      const deadline = performance.now() + graceMs;
      while (watching.size > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      polling = false;
      await polled;
    },
  };
}
