import type Redis from 'ioredis';

/**
 * The index generation: a Redis counter the indexers bump after every write
 * to the products index, with the (Redis) time of that bump. The search
 * result cache files answers under the generation, so a write makes every
 * older cached answer unreachable at once; and it does not file answers made
 * while the last write may not be searchable yet (Elasticsearch makes writes
 * searchable at its next refresh, up to the refresh interval later), which
 * would otherwise keep the old answer under the new generation. Writers
 * (indexers, jobs, CLI) and the reader (src/search/result-cache) share it here.
 * Both scripts read Redis's own clock, so API and worker clocks never disagree.
 */
export function indexGenerationKey(indexPrefix: string): string {
  return `${indexPrefix}:index-generation`;
}

function indexChangedAtKey(indexPrefix: string): string {
  return `${indexPrefix}:index-changed-at`;
}

const nowMs = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)";
const bumpScript = `${nowMs} redis.call('SET', KEYS[2], now) return redis.call('INCR', KEYS[1])`;
const readScript = `${nowMs} return { redis.call('GET', KEYS[1]) or '0', tostring(now - tonumber(redis.call('GET', KEYS[2]) or '0')) }`;

/** Called by the indexers after they change the index. */
export async function bumpIndexGeneration(redis: Redis, indexPrefix: string): Promise<void> {
  await redis.eval(bumpScript, 2, indexGenerationKey(indexPrefix), indexChangedAtKey(indexPrefix));
}

export interface IndexGeneration {
  generation: string;
  /** Milliseconds since the last bump (very large when there was none). */
  msSinceChange: number;
}

export async function readIndexGeneration(redis: Redis, indexPrefix: string): Promise<IndexGeneration> {
  const [generation, msSinceChange] = (await redis.eval(
    readScript,
    2,
    indexGenerationKey(indexPrefix),
    indexChangedAtKey(indexPrefix),
  )) as [string, string];
  return { generation, msSinceChange: Number(msSinceChange) };
}
