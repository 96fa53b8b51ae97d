/** A document id with its version, from either side. */
export interface IdVersion {
  id: string;
  version: number;
}

export type Drift =
  /** Indexable in Postgres, absent from Elasticsearch. */
  | { kind: 'missing'; id: string; postgres: number }
  /** In Elasticsearch, but deleted (or never indexable) in Postgres. */
  | { kind: 'extra'; id: string; elasticsearch: number }
  /** Elasticsearch holds an older version than Postgres. */
  | { kind: 'stale'; id: string; postgres: number; elasticsearch: number }
  /** Elasticsearch holds a newer version than Postgres: only a bug or a restored database does this. */
  | { kind: 'ahead'; id: string; postgres: number; elasticsearch: number };

/**
 * Byte order of the UTF-8 encodings: how Postgres sorts under `collate "C"`
 * and how Elasticsearch sorts keywords. JavaScript's `<` compares UTF-16
 * code units, which disagrees for characters beyond the BMP.
 */
export function compareIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Merge-joins two streams sorted by `compareIds` and yields every
 * difference. Memory is constant: one item of each side at a time.
 */
export async function* diffSorted(postgres: AsyncIterable<IdVersion>, elasticsearch: AsyncIterable<IdVersion>): AsyncGenerator<Drift> {
  const pg = postgres[Symbol.asyncIterator]();
  const es = elasticsearch[Symbol.asyncIterator]();
  try {
    let left = await pg.next();
    let right = await es.next();
    while (!left.done || !right.done) {
      const order = left.done ? 1 : right.done ? -1 : compareIds(left.value.id, right.value.id);
      if (order < 0 && !left.done) {
        yield { kind: 'missing', id: left.value.id, postgres: left.value.version };
        left = await pg.next();
      } else if (order > 0 && !right.done) {
        yield { kind: 'extra', id: right.value.id, elasticsearch: right.value.version };
        right = await es.next();
      } else if (!left.done && !right.done) {
        const { id, version: postgresVersion } = left.value;
        const elasticsearchVersion = right.value.version;
        if (elasticsearchVersion < postgresVersion)
          yield { kind: 'stale', id, postgres: postgresVersion, elasticsearch: elasticsearchVersion };
        else if (elasticsearchVersion > postgresVersion)
          yield { kind: 'ahead', id, postgres: postgresVersion, elasticsearch: elasticsearchVersion };
        left = await pg.next();
        right = await es.next();
      }
    }
  } finally {
    // Stopped early (an error on either side, or the consumer gave up): let both
    // sources run their own cleanup, or a cursor's transaction stays open.
    await Promise.allSettled([pg.return?.(), es.return?.()]);
  }
}
