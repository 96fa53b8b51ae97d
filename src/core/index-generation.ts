import type Redis from 'ioredis';

/**
 * The index generation: a Redis counter the indexers bump after every write
 * to the products index. The search result cache files answers under it, so
 * a write makes every older cached answer unreachable at once. Writers
 * (indexers, jobs, CLI) and the reader (src/search/result-cache) share it here.
 */
export function indexGenerationKey(indexPrefix: string): string {
  return `${indexPrefix}:index-generation`;
}

/** Called by the indexers after they change the index. */
export async function bumpIndexGeneration(redis: Redis, indexPrefix: string): Promise<void> {
  await redis.incr(indexGenerationKey(indexPrefix));
}
