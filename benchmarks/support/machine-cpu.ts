import { readFileSync } from 'node:fs';

/**
 * CPU time the whole machine has spent busy (user, nice, system, irq,
 * softirq) since boot, in milliseconds, from Linux's /proc/stat; undefined
 * elsewhere. The difference over a run is what every process together (the
 * indexer, Postgres, Elasticsearch) spent on it: less sensitive to a noisy
 * neighbour than a rate, since work not done is not counted.
 */
export function machineBusyMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq] = fields;
    // USER_HZ is 100 on every Linux the benchmark targets.
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0)) * 10;
  } catch {
    return undefined;
  }
}
