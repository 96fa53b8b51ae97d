/** Latency summary of one list-producing path, in milliseconds. */
export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summariseLatency(values: readonly number[]): LatencySummary {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95) };
}
