import { readFileSync } from 'node:fs';
import type { CandidateSettings } from './run';

/**
 * The settings `--tune` tries when no `--candidates` file is given: the
 * service's fusion weight (EASE against the LLR indicators) and recency
 * half-life over a small grid, the current defaults ({}) first so that a tie
 * keeps them. A half-life of 1e9 positions is "no recency decay".
 */
export function defaultCandidates(): CandidateSettings[] {
  const out: CandidateSettings[] = [{}];
  for (const recencyHalfLife of [10, 1e9]) {
    for (const easeWeight of [0, 0.25, 0.5, 1, 2, 4]) out.push({ easeWeight, recencyHalfLife });
  }
  return out;
}

/**
 * A JSON array of settings objects (any fields of RecommendationSettings,
 * e.g. `[{"easeWeight": 0.5}, {"easeWeight": 1}]`), so the tuner follows
 * whatever the service exposes without a code change here.
 */
export function readCandidates(path: string): CandidateSettings[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c))) {
    throw new Error(`${path}: expected a non-empty JSON array of settings objects`);
  }
  return parsed as CandidateSettings[];
}
