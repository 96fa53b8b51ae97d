/**
 * A seeded generator (mulberry32) for downsampling and factor initialisation:
 * training must give the same model for the same input and seed, so a rerun
 * of a job or of the offline evaluation is comparable with the last one.
 */
export type Random = () => number;

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
