/**
 * At most `limit` of `items`, spread evenly over them (every ⌈n/limit⌉-th, in
 * input order), so that a long test costs a bounded number of requests and
 * the choice is the same on every run. Pure.
 */
export function spreadEvenly<T>(items: readonly T[], limit: number): T[] {
  if (!(items.length > limit)) return [...items];
  const step = Math.ceil(items.length / limit);
  return items.filter((_, i) => i % step === 0);
}
