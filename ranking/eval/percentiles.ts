/** Latency percentiles of a sample in milliseconds (nearest-rank). */
export function percentiles(samples: readonly number[]): { p50: number; p95: number; p99: number; mean: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { p50: at(50), p95: at(95), p99: at(99), mean, n: sorted.length };
}
