/**
 * Dunning's log-likelihood ratio (G²) of a 2×2 contingency table, exactly as
 * Mahout's `LogLikelihood` computes it (entropy form), which is what the
 * Universal Recommender thresholds on:
 *
 *              B      not B
 *     A       k11      k12
 *     not A   k21      k22
 *
 * G² is large when A and B are not independent, in either direction.
 */
export function logLikelihoodRatio(k11: number, k12: number, k21: number, k22: number): number {
  const rowEntropy = entropy2(k11 + k12, k21 + k22);
  const columnEntropy = entropy2(k11 + k21, k12 + k22);
  const matrixEntropy = xLogX(k11 + k12 + k21 + k22) - xLogX(k11) - xLogX(k12) - xLogX(k21) - xLogX(k22);
  // Mahout's guard: the difference can dip below zero by round-off alone.
  if (rowEntropy + columnEntropy < matrixEntropy) return 0;
  return 2 * (rowEntropy + columnEntropy - matrixEntropy);
}

/**
 * √G², signed: positive when A and B occur together more often than chance
 * (k11 / (k11 + k12) ≥ k21 / (k21 + k22)), negative when less. Only the
 * positive side is a reason to recommend.
 */
export function rootLogLikelihoodRatio(k11: number, k12: number, k21: number, k22: number): number {
  const root = Math.sqrt(logLikelihoodRatio(k11, k12, k21, k22));
  return k11 / (k11 + k12) < k21 / (k21 + k22) ? -root : root;
}

/**
 * The G² of a co-occurrence: `both` of `total` rows hold A and B, `withA`
 * hold A, `withB` hold B. Returns 0 for pairs that co-occur no more than
 * chance predicts, so callers can rank and threshold on one number.
 */
export function cooccurrenceLlr(both: number, withA: number, withB: number, total: number): number {
  const k11 = both;
  const k12 = withA - both;
  const k21 = withB - both;
  const k22 = total - withA - withB + both;
  // Positive association: P(B | A) above P(B | not A).
  if (k11 * (k21 + k22) <= k21 * (k11 + k12)) return 0;
  return logLikelihoodRatio(k11, k12, k21, k22);
}

function xLogX(x: number): number {
  return x === 0 ? 0 : x * Math.log(x);
}

function entropy2(a: number, b: number): number {
  return xLogX(a + b) - xLogX(a) - xLogX(b);
}
