import { readFileSync } from 'node:fs';

/** The parts of V8's .cpuprofile (node --cpu-prof) a summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Where a sampled function belongs, by its source file: the first rule that matches names its part of the work. */
export type ProfileBuckets = Array<[name: string, matches: (url: string, functionName: string) => boolean]>;

/**
 * Self time (µs) per bucket in a V8 CPU profile, idle time left out. Each
 * sample is charged to the function on top of the stack, so a library is
 * charged for the time spent inside it, not its callers. `unmatched` names
 * what no bucket matches (default: "other"), e.g. by function for a top list.
 */
export function summarizeCpuProfile(
  path: string,
  buckets: ProfileBuckets,
  unmatched: (url: string, functionName: string, line: number) => string = () => 'other',
): Map<string, number> {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const bucketOf = new Map<number, string | null>();
  for (const node of profile.nodes) {
    const { url, functionName, lineNumber } = node.callFrame;
    if (functionName === '(idle)') bucketOf.set(node.id, null);
    else bucketOf.set(node.id, buckets.find(([, matches]) => matches(url, functionName))?.[0] ?? unmatched(url, functionName, lineNumber));
  }
  const selfMicros = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const bucket = bucketOf.get(id);
    // timeDeltas[i + 1] is how long the sample at i stood until the next one.
    const micros = profile.timeDeltas[i + 1] ?? 0;
    if (bucket) selfMicros.set(bucket, (selfMicros.get(bucket) ?? 0) + micros);
  });
  return selfMicros;
}
