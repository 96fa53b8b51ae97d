import { createDiversifier, type DiversityCaps } from './diversity';
import type { ProductSource } from './shape';
import { toRecommendedProduct } from './shape';
import type { Reason, RecommendationResponse, RecommendationSource } from './types';

/** A product one source proposes, with why. */
export interface Candidate {
  doc: ProductSource;
  source: RecommendationSource;
  reason: Reason;
  score: number | null;
}

/**
 * One way of finding recommendations: asked for up to `size` candidates
 * that are none of `exclude`, best first.
 */
export interface Step {
  fetch(exclude: readonly string[], size: number): Promise<Candidate[]>;
}

export interface CollectOptions extends DiversityCaps {
  size: number;
  /** Never returned (the anchor, purchases, the request's exclude list). */
  exclude: readonly string[];
  /** Candidates fetched per missing item. */
  overFetch: number;
  maxFetch: number;
}

/**
 * Fills the list from the steps in order (the requested source first, then
 * the cold-start fallbacks) until `size` items pass the diversity caps. A
 * later step never repeats a product an earlier one proposed, and is only
 * asked when the list is still short, so the common case is one request.
 * `initial` continues a list filled before (its items stay first).
 */
export async function collect(steps: readonly Step[], options: CollectOptions, initial: readonly Candidate[] = []): Promise<Candidate[]> {
  const chosen: Candidate[] = [];
  const seen = new Set(options.exclude);
  const admit = createDiversifier(options);
  // A list topped up: what it holds already counts against the caps and is never proposed again.
  for (const candidate of initial) {
    seen.add(candidate.doc.id);
    if (admit(candidate.doc)) chosen.push(candidate);
  }
  for (const step of steps) {
    if (chosen.length >= options.size) break;
    const want = Math.min(options.maxFetch, (options.size - chosen.length) * options.overFetch);
    for (const candidate of await step.fetch([...seen], want)) {
      if (chosen.length >= options.size) break;
      if (seen.has(candidate.doc.id)) continue;
      // A product over a cap now stays over it: remember it either way.
      seen.add(candidate.doc.id);
      if (admit(candidate.doc)) chosen.push(candidate);
    }
  }
  return chosen;
}

/**
 * The response: `fallback` is set when any item came from outside the
 * sources the request asked for (cold start, unknown shopper, a short list).
 */
export function respond(chosen: readonly Candidate[], primary: readonly RecommendationSource[], tookMs: number): RecommendationResponse {
  const sources = [...new Set(chosen.map((c) => c.source))];
  return {
    items: chosen.map((c) => ({ product: toRecommendedProduct(c.doc), source: c.source, reason: c.reason, score: c.score })),
    source: chosen[0]?.source ?? null,
    sources,
    fallback: sources.some((source) => !primary.includes(source)),
    tookMs,
  };
}
