import { createHash } from 'node:crypto';
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
 * The scripts read Redis's own clock, so API and worker clocks never disagree.
 */
export function indexGenerationKey(indexPrefix: string): string {
  return `${indexPrefix}:index-generation`;
}

function indexChangedAtKey(indexPrefix: string): string {
  return `${indexPrefix}:index-changed-at`;
}

const nowMs = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)";
const bumpScript = `${nowMs} redis.call('SET', KEYS[2], now) return redis.call('INCR', KEYS[1])`;

/** Called by the indexers after they change the index. */
export async function bumpIndexGeneration(redis: Redis, indexPrefix: string): Promise<void> {
  await redis.eval(bumpScript, 2, indexGenerationKey(indexPrefix), indexChangedAtKey(indexPrefix));
}

export interface IndexGeneration {
  generation: string;
  /** Milliseconds since the last bump (very large when there was none). */
  msSinceChange: number;
}

/** The generation, and the value filed under it at `${keyPrefix}${generation}${keySuffix}` (null when none). */
export interface UnderIndexGeneration extends IndexGeneration {
  key: string;
  value: string | null;
  /**
   * With `askedKey`: whether that key was already there when the value was missing, i.e. the same thing was asked and
   * missed within `askedTtlSeconds` before (it is set now either way, its time to live starting again). Always false when
   * the value was found or without one.
   */
  askedBefore: boolean;
}

/** Marks a value as asked for, so a reader can tell a second ask from a first (see UnderIndexGeneration.askedBefore). */
export interface AskedMark {
  askedKey: string;
  askedTtlSeconds: number;
}

// The value's key is made in the script from the generation it read: one round trip to Redis, not two (#22: each round trip
// is a socket write and read on every search). A standalone Redis only: a key the script did not declare would break Cluster.
// On a miss with an asked-key, the script says whether that key is there and sets it again, its time to live from now:
// the window runs from the last miss, not the first (SET NX kept the first, so a search asked all day was taken for a
// first ask every askedTtlSeconds and its answer not stored). A missing value is Lua false, which the reply keeps as nil
// without ending the table.
const readUnderScript = `${nowMs} local generation = redis.call('GET', KEYS[1]) or '0'
local changed = tonumber(redis.call('GET', KEYS[2]) or '0')
local value = redis.call('GET', ARGV[1] .. generation .. ARGV[2])
local asked = '0'
if not value and ARGV[3] ~= '' then
  if redis.call('EXISTS', ARGV[3]) == 1 then asked = '1' end
  redis.call('SET', ARGV[3], '1', 'EX', ARGV[4])
end
return { generation, tostring(now - changed), value, asked }`;
const readUnderScriptSha = createHash('sha1').update(readUnderScript).digest('hex');

/** The generation and a value filed under it, read at once. */
export async function readUnderIndexGeneration(
  redis: Redis,
  indexPrefix: string,
  keyPrefix: string,
  keySuffix: string,
  asked?: AskedMark,
): Promise<UnderIndexGeneration> {
  const keys = [indexGenerationKey(indexPrefix), indexChangedAtKey(indexPrefix)];
  const args = [keyPrefix, keySuffix, asked?.askedKey ?? '', String(asked?.askedTtlSeconds ?? 0)];
  // By its digest (EVALSHA: the script's text is not sent each time), or by its text the first time Redis sees it.
  const reply = (await redis.evalsha(readUnderScriptSha, 2, ...keys, ...args).catch((error: unknown) => {
    if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return redis.eval(readUnderScript, 2, ...keys, ...args);
    throw error;
  })) as [string, string, string | null | undefined, string];
  const [generation, msSinceChange, value, askedBefore] = reply;
  return {
    generation,
    msSinceChange: Number(msSinceChange),
    key: `${keyPrefix}${generation}${keySuffix}`,
    value: value ?? null,
    askedBefore: askedBefore === '1',
  };
}
