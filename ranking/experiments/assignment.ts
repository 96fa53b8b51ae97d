import { createHash } from 'node:crypto';

/** Buckets per experiment: a split is honoured to 0.01 %. */
export const bucketCount = 10_000;

/**
 * The bucket of one shopper in one experiment: the first 32 bits of
 * SHA-256(experimentId ":" unitId), modulo 10 000. A pure function of the two
 * ids, so every API process (and a rerun) puts the same shopper in the same
 * bucket without sharing any state; salting with the experiment id keeps one
 * experiment's buckets independent of another's.
 */
export function bucketOf(experimentId: string, unitId: string): number {
  const digest = createHash('sha256').update(`${experimentId}:${unitId}`).digest();
  return digest.readUInt32BE(0) % bucketCount;
}

/**
 * The variant index for a bucket under a traffic split in percent (the
 * variants' shares, in order, summing to 100): variant i owns the buckets
 * [sum of the shares before it, that sum plus its own) × 100.
 */
export function variantForBucket(bucket: number, split: readonly number[]): number {
  let upper = 0;
  for (let i = 0; i < split.length; i++) {
    upper += Math.round(split[i]! * 100);
    if (bucket < upper) return i;
  }
  // Rounding can leave the last bucket or two unowned: they go to the last variant.
  return split.length - 1;
}

export function assignVariant(experimentId: string, unitId: string, split: readonly number[]): number {
  return variantForBucket(bucketOf(experimentId, unitId), split);
}

/** A split is usable when it has a positive share per variant and its shares sum to 100 (to 0.01 %). */
export function splitProblem(split: readonly number[]): string | null {
  if (split.some((share) => !(share > 0))) return 'Every variant needs a share above 0 %.';
  const total = split.reduce((sum, share) => sum + Math.round(share * 100), 0);
  return total === bucketCount ? null : `The shares must sum to 100 %; they sum to ${total / 100} %.`;
}
